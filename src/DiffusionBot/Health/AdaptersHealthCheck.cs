using DiffusionBot.Chat;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DiffusionBot.Health;

/// <summary>Ready when every chat adapter configured in this process is connected (none configured: ready).</summary>
internal sealed class AdaptersHealthCheck(IEnumerable<IAdapterReadiness> adapters) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var waiting = adapters.Where(a => a.NotReadyReason is not null).Select(a => $"{a.Name}: {a.NotReadyReason}").ToList();
        return Task.FromResult(
            waiting.Count > 0 ? HealthCheckResult.Unhealthy(string.Join("; ", waiting))
            : HealthCheckResult.Healthy("every chat adapter configured here is connected"));
    }
}
