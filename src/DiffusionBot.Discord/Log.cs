using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord;

/// <summary>The Discord adapter's log messages; event ids 4000–4999. Routes are logged as templates, never as URLs or tokens.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Gateway connecting ({Mode})")]
    public static partial void GatewayConnecting(this ILogger logger, string mode);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Gateway session ready as {UserId}")]
    public static partial void GatewayReady(this ILogger logger, ulong userId);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Gateway session resumed at sequence {Sequence}")]
    public static partial void GatewayResumed(this ILogger logger, long? sequence);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "No heartbeat ACK since the last heartbeat; the connection is a zombie, reconnecting to resume")]
    public static partial void GatewayZombie(this ILogger logger);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Information, Message = "Gateway asked to reconnect (op 7); resuming")]
    public static partial void GatewayReconnectRequested(this ILogger logger);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Warning, Message = "Gateway invalidated the session (op 9, resumable: {Resumable})")]
    public static partial void GatewayInvalidSession(this ILogger logger, bool resumable);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "Gateway closed with {CloseCode} ({Description}); next: {Next}")]
    public static partial void GatewayClosed(this ILogger logger, int? closeCode, string? description, string next);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Critical, Message = "Gateway closed with {CloseCode}: {Cause}. Not reconnecting")]
    public static partial void GatewayFatalClose(this ILogger logger, int closeCode, string cause);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Warning, Message = "Gateway connection failed; retrying in {Delay}")]
    public static partial void GatewayConnectionFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Error, Message = "Handling gateway event {EventName} failed")]
    public static partial void GatewayDispatchFailed(this ILogger logger, Exception exception, string eventName);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Gateway send limit reached; waiting {Delay}")]
    public static partial void GatewaySendThrottled(this ILogger logger, TimeSpan delay);

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Rate limited on {Route} (global: {Global}, scope: {Scope}); retrying after {RetryAfter}")]
    public static partial void RestRateLimited(this ILogger logger, string route, bool global, string? scope, TimeSpan retryAfter);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "{Route} answered {StatusCode}; retry {Attempt} after {Delay}")]
    public static partial void RestServerError(this ILogger logger, string route, int statusCode, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "{Route} waits {Delay} for its bucket to reset")]
    public static partial void RestBucketWait(this ILogger logger, string route, TimeSpan delay);
}
