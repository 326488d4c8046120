using DiffusionBot.Chat.Storage;
using DiffusionBot.Chat.Telemetry;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Jobs;

/// <summary>The recurring Hangfire job that purges results older than <see cref="JobsOptions.RetentionDays"/>.</summary>
public sealed class RetentionJob(RetentionPurge purge, IOptions<JobsOptions> jobs, TimeProvider time, ILogger<RetentionJob> logger)
{
    /// <summary>The recurring job's id in the dashboard.</summary>
    public const string RecurringId = "purge-expired-results";

    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("Purge results older than the retention period")]
    public PurgeCounts Run()
    {
        var days = jobs.Value.RetentionDays;
        var counts = purge.Purge(time.GetUtcNow() - TimeSpan.FromDays(days));
        BotMetrics.Purged.Add(counts.Requests, new KeyValuePair<string, object?>("table", "requests"));
        BotMetrics.Purged.Add(counts.Images, new KeyValuePair<string, object?>("table", "images"));
        BotMetrics.Purged.Add(counts.Messages, new KeyValuePair<string, object?>("table", "messages"));
        logger.Purged(counts.Requests, counts.Images, counts.Messages, days);
        return counts;
    }
}
