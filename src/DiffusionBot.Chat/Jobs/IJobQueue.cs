namespace DiffusionBot.Chat.Jobs;

/// <summary>Puts a persisted request on the GPU queue (Hangfire in production and in tests).</summary>
public interface IJobQueue
{
    /// <summary>Enqueues a job for <paramref name="requestId"/>; returns the queue's job id.</summary>
    string Enqueue(string requestId);
}
