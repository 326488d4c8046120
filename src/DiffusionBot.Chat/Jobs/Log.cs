using Microsoft.Extensions.Logging;

namespace DiffusionBot.Chat.Jobs;

internal static partial class JobsLog
{
    [LoggerMessage(EventId = 3100, Level = LogLevel.Error, Message = "Job for request {RequestId} failed")]
    public static partial void JobFailed(this ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Request {RequestId} lost its worker; queued again")]
    public static partial void OrphanRequeued(this ILogger logger, string requestId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Looking for orphaned requests failed")]
    public static partial void SweepFailed(this ILogger logger, Exception exception);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Request {RequestId} was being cancelled when its worker died; cancelled, quota given back")]
    public static partial void OrphanCancelled(this ILogger logger, string requestId);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Request {RequestId} was queued without a live job (last job {JobId}); queued a new one")]
    public static partial void JobRestored(this ILogger logger, string requestId, string jobId);

    [LoggerMessage(EventId = 3106, Level = LogLevel.Warning, Message = "Sweeping request {RequestId} failed; trying again on the next sweep")]
    public static partial void SweepFailedFor(this ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 3107, Level = LogLevel.Warning, Message = "Worker {Worker} lost its lease on request {RequestId}; stopping without posting")]
    public static partial void LeaseLost(this ILogger logger, string worker, string requestId);

    [LoggerMessage(EventId = 3108, Level = LogLevel.Warning, Message = "Request {RequestId} was saved but its job could not be queued; the sweeper will queue it")]
    public static partial void EnqueueFailed(this ILogger logger, Exception exception, string requestId);

    [LoggerMessage(EventId = 3109, Level = LogLevel.Error, Message = "Command {Command} failed unexpectedly")]
    public static partial void DispatchFailed(this ILogger logger, Exception exception, string command);

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Gave back the quota of {Count} requests that were never saved")]
    public static partial void UnsavedQuotaReleased(this ILogger logger, int count);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Worker {Worker} warmed model {Model} in {Milliseconds} ms")]
    public static partial void Warmed(this ILogger logger, string worker, string model, long milliseconds);

    [LoggerMessage(EventId = 3150, Level = LogLevel.Information, Message = "Retention purge removed {Requests} requests, {Images} images and {Messages} message links older than {Days} days")]
    public static partial void Purged(this ILogger logger, int requests, int images, int messages, int days);

    [LoggerMessage(EventId = 3151, Level = LogLevel.Information, Message = "Job {JobId} was deleted in the dashboard; cancelled request {RequestId}")]
    public static partial void DeletedInDashboard(this ILogger logger, string jobId, string requestId);

    [LoggerMessage(EventId = 3152, Level = LogLevel.Warning, Message = "Cancelling the request of deleted job {JobId} failed")]
    public static partial void DashboardCancelFailed(this ILogger logger, Exception exception, string jobId);
}
