using DiffusionBot.Chat.Jobs;
using Hangfire;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DiffusionBot.Health;

/// <summary>
/// For a chat process without a worker of its own: ready when some worker serves the GPU queue. A worker's Hangfire server
/// starts only after its warm-up loaded the default model, so a live one has it loaded.
/// </summary>
internal sealed class WorkersHealthCheck(JobStorage storage, TimeProvider time) : IHealthCheck
{
    /// <summary>How old a worker's last heartbeat may be (Hangfire beats every 30 s).</summary>
    public static readonly TimeSpan HeartbeatLimit = TimeSpan.FromMinutes(2);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var live = storage.GetMonitoringApi().Servers()
            .Count(s => s.Queues.Contains(JobsOptions.GpuQueue) && s.Heartbeat is { } beat && now - beat < HeartbeatLimit);
        return Task.FromResult(live > 0
            ? HealthCheckResult.Healthy($"{live} worker(s) with the default model loaded")
            : HealthCheckResult.Unhealthy("no worker with the default model loaded serves the GPU queue"));
    }
}
