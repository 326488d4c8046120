using DiffusionBot.Chat.Quotas;

namespace DiffusionBot.Benchmarks.Quota;

/// <summary>
/// What every worker process of one storage's run shares: the database, the channel and its limits,
/// and who reserves. Caller <c>c</c> of process <c>p</c> reserves as user <c>(p · concurrency + c) mod users</c>.
/// </summary>
internal sealed record QuotaRun(string Storage, string Connection, int Concurrency, int Reservations, int ChannelLimit, int UserLimit, int Users)
{
    public const string Window = "24h";

    public static QuotaScope Channel { get; } = new("Bench", "guild", "art");

    /// <summary>A channel of its own for the warm-up, so the ledger under test holds only measured reservations.</summary>
    public static QuotaScope WarmupChannel { get; } = new("Bench", "guild", "warmup");

    /// <summary>
    /// Limits that both refuse: the channel allows 60 % of the attempts and each user 75 % of theirs,
    /// so the exact outcome is the channel limit and every refusal path runs.
    /// </summary>
    public static QuotaRun For(string storage, string connection, QuotaArguments arguments, int users)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var perUser = (int)Math.Ceiling((double)arguments.Attempts / users);
        return new QuotaRun(storage, connection, arguments.Concurrency, arguments.Reservations, Math.Max(1, arguments.Attempts * 6 / 10), Math.Max(1, perUser * 3 / 4), users);
    }

    public QuotaPolicy Policy() => QuotaPolicyBuilder.Build(ChannelLimit, UserLimit, Window, null, null);

    public string UserOf(int process, int caller) => $"u{((process * Concurrency) + caller) % Users}";

    public static string RequestId(int process, int caller, int reservation) => $"p{process}-c{caller}-r{reservation}";
}
