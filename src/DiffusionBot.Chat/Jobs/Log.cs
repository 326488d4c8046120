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

    [LoggerMessage(EventId = 3103, Level = LogLevel.Information, Message = "Worker {Worker} warmed model {Model} in {Milliseconds} ms")]
    public static partial void Warmed(this ILogger logger, string worker, string model, long milliseconds);
}
