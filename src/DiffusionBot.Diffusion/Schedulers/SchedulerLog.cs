using Microsoft.Extensions.Logging;

namespace DiffusionBot.Diffusion.Schedulers;

internal static partial class SchedulerLog
{
    [LoggerMessage(EventId = 2100, Level = LogLevel.Warning,
        Message = "{Source} has keys the schedulers do not know; they are ignored: {Keys}")]
    public static partial void UnknownSchedulerKeys(ILogger logger, string source, string keys);
}
