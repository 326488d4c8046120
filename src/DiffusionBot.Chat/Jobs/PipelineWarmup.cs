using System.Diagnostics;
using DiffusionBot.Diffusion.Pipeline;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Chat.Jobs;

/// <summary>Loads the default model and runs one tiny generation before the worker takes jobs.</summary>
internal sealed class PipelineWarmup(PipelineHost pipelines, WorkerIdentity worker, ILogger<PipelineWarmup> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var pipeline = pipelines.For(null);
        pipeline.Generate(new GenerationRequest { Prompt = "", Width = 64, Height = 64, Steps = 2, Sampler = "euler" }, null, cancellationToken);
        logger.Warmed(worker.Name, pipeline.Model.Name, clock.ElapsedMilliseconds);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
