namespace DiffusionBot.Chat.Jobs;

/// <summary>Puts a persisted request on the GPU queue (Hangfire in production and in tests).</summary>
public interface IJobQueue
{
    /// <summary>Enqueues a job for <paramref name="requestId"/>; returns the queue's job id.</summary>
    string Enqueue(string requestId);

    /// <summary>
    /// True while the job will still run or is running; false when it finished, failed, was deleted
    /// (from the dashboard, say) or is gone from the queue's storage.
    /// </summary>
    bool IsPending(string jobId);

    /// <summary>Deletes a job that turned out not to be needed (it would have found nothing to do).</summary>
    void Discard(string jobId);
}
