using Hangfire;
using Hangfire.States;

namespace DiffusionBot.Chat.Jobs;

/// <summary>Enqueues <see cref="GenerateImagesJob"/> on the <c>gpu</c> queue; the argument is the request id only.</summary>
internal sealed class HangfireJobQueue(IBackgroundJobClient client) : IJobQueue
{
    public string Enqueue(string requestId) =>
        client.Create<GenerateImagesJob>(job => job.RunAsync(requestId, CancellationToken.None), new EnqueuedState(JobsOptions.GpuQueue));
}
