namespace DiffusionBot.Chat.Storage;

/// <summary>A request a worker now holds, and how many times it has been claimed (1 on a first run).</summary>
public sealed record ClaimedRequest(StoredRequest Request, int Attempts)
{
    /// <summary>A first run has nothing recorded yet, so it need not look for earlier images or posts.</summary>
    public bool IsFirstAttempt => Attempts == 1;
}
