using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Chat.Jobs;

/// <summary>Loads (and so warms, at the served default size) the default model before the worker takes jobs.</summary>
internal sealed class PipelineWarmup(PipelineHost pipelines, WorkerIdentity worker, ILogger<PipelineWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var clock = Stopwatch.StartNew();
        using var lease = pipelines.Lease(null);
        logger.Warmed(worker.Name, lease.Pipeline.Model.Name, clock.ElapsedMilliseconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
