using Microsoft.Extensions.Logging;

namespace DiffusionBot.Playground;

/// <summary>The playground's log messages; event ids 5000–5999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "An upload of {Length} bytes was refused: {Reason}")]
    public static partial void UploadRefused(this ILogger logger, long? length, string reason);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "The playground event stream failed; it retries")]
    public static partial void StreamFailed(this ILogger logger, Exception exception);
}
