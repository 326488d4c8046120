using Microsoft.Extensions.Logging;

namespace DiffusionBot.Chat;

/// <summary>The chat core's log messages; event ids 2000–2999.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Warning, Message = "A preview for step {Step} of {TotalSteps} could not be shown on {Platform}")]
    public static partial void PreviewFailed(this ILogger logger, Exception exception, int step, int totalSteps, Commands.ChatPlatform platform);
}
