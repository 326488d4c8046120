using Microsoft.Extensions.Logging;

namespace DiffusionBot.Slack;

/// <summary>The Slack adapter's log messages; event ids 6000–6999 (Socket Mode 60xx, Web API 61xx, mapping and replies 62xx, hosting 63xx). Never a token, never a URL's query.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information, Message = "Slack Socket Mode connection {ConnectionId} is connecting to {Host}")]
    public static partial void SocketConnecting(this ILogger logger, int connectionId, string host);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Slack said hello on Socket Mode connection {ConnectionId} ({NumConnections} open, refresh in about {ApproximateConnectionTime} s)")]
    public static partial void SocketHello(this ILogger logger, int connectionId, int numConnections, int? approximateConnectionTime);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Slack announced a disconnect of Socket Mode connection {ConnectionId}: {Reason}")]
    public static partial void SocketDisconnectAnnounced(this ILogger logger, int connectionId, string reason);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Information, Message = "Slack Socket Mode connection {ConnectionId} replaced the refreshed one")]
    public static partial void SocketRefreshed(this ILogger logger, int connectionId);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Error, Message = "Slack disabled Socket Mode for this app ({Reason}); the bot stops listening. Enable Socket Mode in the app's settings, or set Slack:Mode to http, then restart")]
    public static partial void SocketModeDisabled(this ILogger logger, string reason);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Slack refused Socket Mode connection {ConnectionId}: too many WebSockets are open for this app ({NumConnections}); is another instance of the bot running with the same app token?")]
    public static partial void TooManyWebsockets(this ILogger logger, int connectionId, int? numConnections);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "Slack Socket Mode connection {ConnectionId} was lost")]
    public static partial void SocketLost(this ILogger logger, Exception? exception, int connectionId);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Warning, Message = "Slack Socket Mode connection {ConnectionId} could not be opened")]
    public static partial void SocketConnectFailed(this ILogger logger, Exception exception, int connectionId);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Critical, Message = "Slack refused to open a Socket Mode connection: {Error}. Check Slack:AppToken (an xapp- token with connections:write)")]
    public static partial void SocketOpenRefused(this ILogger logger, string error);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Information, Message = "Reconnecting to Slack in {Delay}")]
    public static partial void SocketReconnectDelay(this ILogger logger, TimeSpan delay);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Error, Message = "The Slack reconnect policy ran out of attempts; Socket Mode stops")]
    public static partial void SocketGaveUp(this ILogger logger);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Debug, Message = "Slack Socket Mode connection {ConnectionId} did not close cleanly ({Error})")]
    public static partial void SocketCloseUnclean(this ILogger logger, int connectionId, string error);

    [LoggerMessage(EventId = 6012, Level = LogLevel.Warning, Message = "A Socket Mode message on connection {ConnectionId} was not valid JSON")]
    public static partial void SocketMessageMalformed(this ILogger logger, Exception exception, int connectionId);

    [LoggerMessage(EventId = 6013, Level = LogLevel.Debug, Message = "A Socket Mode message of type {Type} on connection {ConnectionId} was ignored")]
    public static partial void SocketMessageIgnored(this ILogger logger, int connectionId, string type);

    [LoggerMessage(EventId = 6020, Level = LogLevel.Debug, Message = "Envelope {EnvelopeId} (retry {RetryAttempt}) on connection {ConnectionId} was acked and dropped as a duplicate")]
    public static partial void EnvelopeDuplicate(this ILogger logger, string envelopeId, int retryAttempt, int connectionId);

    [LoggerMessage(EventId = 6021, Level = LogLevel.Information, Message = "Envelope {EnvelopeId} is Slack's redelivery {RetryAttempt} ({RetryReason}) of one not seen before")]
    public static partial void EnvelopeRedelivered(this ILogger logger, string envelopeId, int retryAttempt, string retryReason);

    [LoggerMessage(EventId = 6022, Level = LogLevel.Error, Message = "The handler failed on envelope {EnvelopeId} ({Type})")]
    public static partial void EnvelopeHandlerFailed(this ILogger logger, Exception exception, string envelopeId, string type);

    [LoggerMessage(EventId = 6100, Level = LogLevel.Warning, Message = "Slack rate-limited {Method}; the next call waits {RetryAfter}")]
    public static partial void WebApiRateLimited(this ILogger logger, string method, TimeSpan retryAfter);

    [LoggerMessage(EventId = 6101, Level = LogLevel.Warning, Message = "Slack answered {Method} with HTTP {Status}; retrying in {Delay}")]
    public static partial void WebApiServerError(this ILogger logger, string method, int status, TimeSpan delay);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Debug, Message = "Slack warned on {Method}: {Warning}")]
    public static partial void WebApiWarning(this ILogger logger, string method, string warning);

    [LoggerMessage(EventId = 6200, Level = LogLevel.Warning, Message = "Slack's {Method} failed with {Error} while showing a status line")]
    public static partial void StatusEditFailed(this ILogger logger, Exception exception, string method, string error);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning, Message = "The result thread could not be read back ({Error}); posting without the duplicate check. Add the channels:history and groups:history scopes")]
    public static partial void ThreadReadFailed(this ILogger logger, Exception exception, string error);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "A Slack {Kind} payload could not be read")]
    public static partial void PayloadMalformed(this ILogger logger, Exception? exception, string kind);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Debug, Message = "A Slack {Kind} was ignored: {Why}")]
    public static partial void PayloadIgnored(this ILogger logger, string kind, string why);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Warning, Message = "Slack's {Method} failed with {Error} while answering user {UserId}")]
    public static partial void AnswerFailed(this ILogger logger, Exception exception, string method, string error, string userId);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Information, Message = "Slack {Command} from {UserId} in {ChannelId}: {Outcome}")]
    public static partial void CommandDispatched(this ILogger logger, string command, string userId, string channelId, string outcome);

    [LoggerMessage(EventId = 6206, Level = LogLevel.Warning, Message = "users.info failed for {UserId} ({Error}); treating them as no admin")]
    public static partial void AdminLookupFailed(this ILogger logger, string userId, string error);

    [LoggerMessage(EventId = 6207, Level = LogLevel.Information, Message = "A file from {UserId} was refused: {Failure}")]
    public static partial void FileRefused(this ILogger logger, string userId, string failure);

    [LoggerMessage(EventId = 6208, Level = LogLevel.Error, Message = "Handling a Slack {Kind} failed")]
    public static partial void HandlerFailed(this ILogger logger, Exception exception, string kind);

    [LoggerMessage(EventId = 6209, Level = LogLevel.Warning, Message = "Socket Mode envelope {EnvelopeId} has type {Type}, which this bot does not handle; it was acked and dropped")]
    public static partial void EnvelopeTypeUnknown(this ILogger logger, string envelopeId, string type);

    [LoggerMessage(EventId = 6210, Level = LogLevel.Warning, Message = "User {UserId} in {ChannelId} could not be answered: the bot cannot post there and no response_url was left to use")]
    public static partial void NoWayToAnswer(this ILogger logger, string userId, string channelId);

    [LoggerMessage(EventId = 6211, Level = LogLevel.Information, Message = "Slack refused the conversation {ChannelId} ({Error}); the user is answered through the response_url")]
    public static partial void ChannelRefused(this ILogger logger, string channelId, string error);

    [LoggerMessage(EventId = 6212, Level = LogLevel.Warning, Message = "A preview file could not be deleted ({Error}); it is deleted with the result")]
    public static partial void PreviewDeleteFailed(this ILogger logger, string error);

    [LoggerMessage(EventId = 6300, Level = LogLevel.Information, Message = "Slack is off: Slack:BotToken is not set")]
    public static partial void SlackOff(this ILogger logger);

    [LoggerMessage(EventId = 6301, Level = LogLevel.Information, Message = "Slack runs in HTTP mode: requests arrive at /slack/commands, /slack/interactivity and /slack/events")]
    public static partial void SlackHttpMode(this ILogger logger);

    [LoggerMessage(EventId = 6302, Level = LogLevel.Error, Message = "The Slack adapter stops ({Error}); the rest of the bot keeps running. Fix the Slack settings and restart")]
    public static partial void SlackStopped(this ILogger logger, string error);

    [LoggerMessage(EventId = 6303, Level = LogLevel.Error, Message = "The Slack Socket Mode loop failed; starting it again in {Delay}")]
    public static partial void SocketLoopFailed(this ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(EventId = 6304, Level = LogLevel.Warning, Message = "A Slack request to {Path} was refused: {Check}")]
    public static partial void RequestRefused(this ILogger logger, string path, string check);

    [LoggerMessage(EventId = 6305, Level = LogLevel.Information, Message = "The Slack adapter stopped listening")]
    public static partial void SlackListenerEnded(this ILogger logger);
}
