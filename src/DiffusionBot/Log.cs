namespace DiffusionBot;

internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "DiffusionBot is ready: open {Url} and type /imagine a red circle (Hangfire dashboard: {Url}hangfire)")]
    public static partial void Ready(this ILogger logger, string url);
}
