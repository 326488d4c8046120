using DiffusionBot.Chat.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DiffusionBot.Health;

/// <summary>A worker is ready once its default model is open (the warm-up opens it before the worker takes jobs).</summary>
internal sealed class DefaultModelHealthCheck(PipelineHost pipelines) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var model = pipelines.Options.DefaultModel;
        return Task.FromResult(pipelines.IsOpen(null)
            ? HealthCheckResult.Healthy($"the default model '{model}' is loaded")
            : HealthCheckResult.Unhealthy($"the default model '{model}' is not loaded yet"));
    }
}
