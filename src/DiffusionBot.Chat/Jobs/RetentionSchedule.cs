using Hangfire;
using Microsoft.Extensions.Hosting;

namespace DiffusionBot.Chat.Jobs;

/// <summary>Registers the hourly <see cref="RetentionJob"/> on the worker's queue when a worker starts.</summary>
internal sealed class RetentionSchedule(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<RetentionJob>(RetentionJob.RecurringId, JobsOptions.GpuQueue, job => job.Run(), Cron.Hourly());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
