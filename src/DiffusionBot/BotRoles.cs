namespace DiffusionBot;

/// <summary>
/// Which parts of the bot this process runs: <c>chat</c> (adapters, dispatcher, web) and/or
/// <c>worker</c> (GPU jobs). One executable; the default runs both in one process.
/// </summary>
internal sealed record BotRoles(bool Chat, bool Worker)
{
    public const string SectionName = "Roles";

    public static BotRoles From(IConfiguration configuration)
    {
        var text = configuration[SectionName];
        if (string.IsNullOrWhiteSpace(text))
        {
            return new BotRoles(true, true);
        }

        var roles = text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries).Select(r => r.ToLowerInvariant()).ToList();
        var unknown = roles.Except(["chat", "worker"]).ToList();
        if (unknown.Count > 0 || roles.Count == 0)
        {
            throw new InvalidOperationException($"Roles must be 'chat', 'worker' or both (got '{text}').");
        }

        return new BotRoles(roles.Contains("chat"), roles.Contains("worker"));
    }
}
