namespace DiffusionBot.Chat.Storage;

/// <summary>What <see cref="RequestStore.RequeueOrphan"/> did with a request whose worker died.</summary>
public enum OrphanOutcome
{
    /// <summary>Nothing: its lease is live again, or another sweeper took care of it.</summary>
    None,

    /// <summary>Back in the queue, waiting for a job.</summary>
    Requeued,

    /// <summary>A cancel was asked before the worker died; the request is now cancelled.</summary>
    Cancelled,
}
