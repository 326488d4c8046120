namespace DiffusionBot.Chat;

/// <summary>
/// A chat adapter's connection as the host's readiness check sees it. Registered (as an enumerable service) only by adapters
/// that are configured and hold a connection in this process.
/// </summary>
public interface IAdapterReadiness
{
    /// <summary>The adapter's name in the readiness report (<c>discord</c>, <c>slack</c>).</summary>
    string Name { get; }

    /// <summary>Null when connected; otherwise why not, in a few words.</summary>
    string? NotReadyReason { get; }
}
