using Hangfire;
using Hangfire.States;

namespace DiffusionBot.Chat.Jobs;

/// <summary>Enqueues <see cref="GenerateImagesJob"/> on the <c>gpu</c> queue; the argument is the request id only.</summary>
internal sealed class HangfireJobQueue(IBackgroundJobClient client, JobStorage storage) : IJobQueue
{
    private static readonly HashSet<string> PendingStates = new(StringComparer.OrdinalIgnoreCase)
    {
        EnqueuedState.StateName, ScheduledState.StateName, AwaitingState.StateName, ProcessingState.StateName,
    };

    public string Enqueue(string ticket) =>
        client.Create<GenerateImagesJob>(job => job.RunAsync(ticket, CancellationToken.None), new EnqueuedState(JobsOptions.GpuQueue));

    public bool IsPending(string jobId)
    {
        using var connection = storage.GetConnection();
        return connection.GetJobData(jobId)?.State is { } state && PendingStates.Contains(state);
    }

    public void Discard(string jobId) => client.ChangeState(jobId, new DeletedState { Reason = DiscardReason });

    /// <summary>Why the bot itself deleted a job: the dashboard-delete filter leaves such deletions alone.</summary>
    public const string DiscardReason = "Not needed: its request was cancelled or already has a job.";
}
