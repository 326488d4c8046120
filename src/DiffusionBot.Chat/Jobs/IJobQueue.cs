namespace DiffusionBot.Chat.Jobs;

/// <summary>Puts a persisted request on the GPU queue (Hangfire in production and in tests).</summary>
public interface IJobQueue
{
    /// <summary>
    /// Enqueues a job carrying <paramref name="ticket"/> (the request id for a request's first job); returns the queue's
    /// job id. The request holding the ticket is the one the job is bound to (see <c>RequestStore.ForTicket</c>).
    /// </summary>
    string Enqueue(string ticket);

    /// <summary>
    /// True while the job will still run or is running; false when it finished, failed, was deleted
    /// (from the dashboard, say) or is gone from the queue's storage.
    /// </summary>
    bool IsPending(string jobId);

    /// <summary>Deletes a job that turned out not to be needed (it would have found nothing to do).</summary>
    void Discard(string jobId);
}
