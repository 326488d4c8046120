using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DiffusionBot.Health;

/// <summary>Ready when the jobs database (SQLite or PostgreSQL) answers a query.</summary>
internal sealed class DatabaseHealthCheck(BotDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await Task.Run(
                () =>
                {
                    using var connection = database.Open();
                    using var command = connection.CreateCommand();
                    command.CommandText = "SELECT 1";
                    command.ExecuteScalar();
                },
                cancellationToken).WaitAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy("the jobs database answers");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the jobs database cannot be reached: {e.Message}");
        }
    }
}
