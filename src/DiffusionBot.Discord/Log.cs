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

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "Gateway sent a malformed frame ({Length} bytes), skipped: {Error}")]
    public static partial void GatewayMalformedFrame(this ILogger logger, int length, string error);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Warning, Message = "Gateway sent unknown opcode {Op}, skipped")]
    public static partial void GatewayUnknownOpcode(this ILogger logger, int op);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Error, Message = "Discord's identify budget is spent (0 of {Total} left today); waiting {Wait} for it to reset before identifying again. Going over it would reset the bot token; resumes do not count")]
    public static partial void GatewayIdentifyBudgetSpent(this ILogger logger, int total, TimeSpan wait);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Warning, Message = "Only {Remaining} of {Total} identifies left today; waiting {Wait} before the next, so the rest last until the budget resets")]
    public static partial void GatewayIdentifyBudgetSpread(this ILogger logger, int remaining, int total, TimeSpan wait);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Warning, Message = "Identifying with only {Remaining} of {Total} identifies left today (resets in {ResetAfter}); something may be reconnecting in a loop")]
    public static partial void GatewayIdentifyBudgetLow(this ILogger logger, int remaining, int total, TimeSpan resetAfter);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Information, Message = "Waiting {Wait} before identifying: Discord allows one Identify per 5 s")]
    public static partial void GatewayIdentifyConcurrencyWait(this ILogger logger, TimeSpan wait);

    [LoggerMessage(EventId = 4017, Level = LogLevel.Trace, Message = "Heartbeat acknowledged")]
    public static partial void GatewayHeartbeatAcknowledged(this ILogger logger);

    [LoggerMessage(EventId = 4018, Level = LogLevel.Warning, Message = "Discord asked for a heartbeat, but the rest of the {Limit} sends per {Window} are kept for the scheduled heartbeats; skipped")]
    public static partial void GatewayHeartbeatRequestSkipped(this ILogger logger, int limit, TimeSpan window);

    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Rate limited on {Route} (global: {Global}, scope: {Scope}); retrying after {RetryAfter}")]
    public static partial void RestRateLimited(this ILogger logger, string route, bool global, string? scope, TimeSpan retryAfter);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "{Route} answered {StatusCode}; retry {Attempt} after {Delay}")]
    public static partial void RestServerError(this ILogger logger, string route, int statusCode, int attempt, TimeSpan delay);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "{Route} waits {Delay} for its bucket to reset")]
    public static partial void RestBucketWait(this ILogger logger, string route, TimeSpan delay);

    [LoggerMessage(EventId = 4200, Level = LogLevel.Error, Message = "Handling {EventName} failed")]
    public static partial void EventFailed(this ILogger logger, Exception exception, string eventName);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Information, Message = "Registered {Count} application command(s) ({Scope})")]
    public static partial void CommandsRegistered(this ILogger logger, int count, string scope);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Information, Message = "Attachment refused ({Failure})")]
    public static partial void AttachmentRefused(this ILogger logger, Chat.Downloads.ImageDownloadFailure failure);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Debug, Message = "Interaction {InteractionId} acknowledged")]
    public static partial void InteractionAcknowledged(this ILogger logger, ulong interactionId);

    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "The interaction token was refused on {Route}; using the bot token")]
    public static partial void InteractionTokenRefused(this ILogger logger, string route);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Information, Message = "No thread started (code {ErrorCode}, status {StatusCode}); posting into the channel")]
    public static partial void ThreadNotStarted(this ILogger logger, int? errorCode, System.Net.HttpStatusCode statusCode);

    [LoggerMessage(EventId = 4302, Level = LogLevel.Warning, Message = "Posting the {What} failed")]
    public static partial void ReplyStepFailed(this ILogger logger, Exception exception, string what);

    [LoggerMessage(EventId = 4303, Level = LogLevel.Warning, Message = "Discord refused a channel route (code {ErrorCode}, status {StatusCode}): the bot lacks {Missing} there")]
    public static partial void ChannelRefused(this ILogger logger, int? errorCode, System.Net.HttpStatusCode statusCode, string missing);

    [LoggerMessage(EventId = 4304, Level = LogLevel.Warning, Message = "A result file of {Bytes} bytes is over the upload limit of {Limit} bytes; the user is told instead")]
    public static partial void ResultTooLarge(this ILogger logger, int bytes, int limit);

    [LoggerMessage(EventId = 4305, Level = LogLevel.Warning, Message = "A result cannot be delivered: the channel refuses the bot ({Missing}) and the interaction token has expired")]
    public static partial void ResultUndeliverable(this ILogger logger, string missing);

    [LoggerMessage(EventId = 4400, Level = LogLevel.Critical, Message = "The Discord adapter stopped: {Cause}. The rest of the bot keeps running")]
    public static partial void AdapterStopped(this ILogger logger, string cause);

    [LoggerMessage(EventId = 4401, Level = LogLevel.Error, Message = "The Discord adapter failed; retrying in {Delay}")]
    public static partial void AdapterFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 4300, Level = LogLevel.Information, Message = "Discord is off: Discord:Token is not set")]
    public static partial void DiscordOff(this ILogger logger);
}
