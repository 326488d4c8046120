using System.Net;

namespace DiffusionBot.Discord.Rest;

/// <summary>Discord refused a request. <see cref="Route"/> is the endpoint template, never the URL (it may hold a token).</summary>
internal sealed class DiscordApiException(HttpStatusCode statusCode, int? errorCode, string? discordMessage, string route)
    : Exception($"Discord answered {(int)statusCode} on {route}: {errorCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"} {discordMessage}")
{
    /// <summary>Unknown interaction: the 3 s deadline or the 15-minute token ran out.</summary>
    public const int UnknownInteraction = 10062;

    /// <summary>The interaction was answered already.</summary>
    public const int InteractionAlreadyAcknowledged = 40060;

    /// <summary>Start-thread-from-message on a message that has a thread already.</summary>
    public const int ThreadAlreadyCreated = 160004;

    public HttpStatusCode StatusCode { get; } = statusCode;

    /// <summary>The JSON error code (<c>50035</c> invalid form body, <c>10062</c> unknown interaction, …).</summary>
    public int? ErrorCode { get; } = errorCode;

    public string? DiscordMessage { get; } = discordMessage;

    public string Route { get; } = route;
}
