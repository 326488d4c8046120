namespace DiffusionBot.Chat.Quotas;

/// <summary>What an admin asks for; <c>ForWorkspace</c> sets the server/workspace default instead of the channel's.</summary>
public abstract record QuotaChange(bool ForWorkspace)
{
    /// <summary>New limits.</summary>
    public sealed record Set(QuotaPolicy Policy, bool ForWorkspace = false) : QuotaChange(ForWorkspace);

    /// <summary>No images at all here.</summary>
    public sealed record TurnOff(bool ForWorkspace = false) : QuotaChange(ForWorkspace);

    /// <summary>Back to the default (the workspace's, then the configured one).</summary>
    public sealed record Clear(bool ForWorkspace = false) : QuotaChange(ForWorkspace);
}
