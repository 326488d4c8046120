using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.Events;

/// <summary>The Events API's outer <c>event_callback</c>: the event, its id (stable across redeliveries) and who it was for.</summary>
internal sealed record EventCallback
{
    public const string TypeName = "event_callback";

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("team_id")]
    public string? TeamId { get; init; }

    [JsonPropertyName("event_id")]
    public string? EventId { get; init; }

    [JsonPropertyName("event")]
    public SlackEvent? Event { get; init; }

    /// <summary>The installations the event is for; the bot's own user id is the one with <c>is_bot</c>.</summary>
    [JsonPropertyName("authorizations")]
    public IReadOnlyList<EventAuthorization>? Authorizations { get; init; }

    /// <summary>The bot's user id in this workspace, so that its own messages and reactions are ignored.</summary>
    [JsonIgnore]
    public string? BotUserId => Authorizations?.FirstOrDefault(a => a.IsBot)?.UserId;
}

/// <summary>One installation an event was delivered for.</summary>
internal sealed record EventAuthorization(
    [property: JsonPropertyName("user_id")] string? UserId,
    [property: JsonPropertyName("is_bot")] bool IsBot);
