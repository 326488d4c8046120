using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.Events;

/// <summary>
/// The inner event of an <see cref="EventCallback"/>, with the fields of the two kinds the bot handles:
/// <c>reaction_added</c> and <c>message</c> (a reply in a thread, maybe carrying files).
/// </summary>
internal sealed record SlackEvent
{
    public const string ReactionAdded = "reaction_added";
    public const string Message = "message";

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("subtype")]
    public string? Subtype { get; init; }

    /// <summary>The reactor or the message's author.</summary>
    [JsonPropertyName("user")]
    public string? User { get; init; }

    /// <summary>Set on messages a bot or app posted.</summary>
    [JsonPropertyName("bot_id")]
    public string? BotId { get; init; }

    /// <summary>The emoji's short name, without colons.</summary>
    [JsonPropertyName("reaction")]
    public string? Reaction { get; init; }

    [JsonPropertyName("item")]
    public ReactionItem? Item { get; init; }

    [JsonPropertyName("channel")]
    public string? Channel { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("ts")]
    public string? Ts { get; init; }

    /// <summary>The thread's parent ts; equal to <see cref="Ts"/> on the parent itself.</summary>
    [JsonPropertyName("thread_ts")]
    public string? ThreadTs { get; init; }

    [JsonPropertyName("files")]
    public IReadOnlyList<SlackFile>? Files { get; init; }
}

/// <summary>What a reaction was added to.</summary>
internal sealed record ReactionItem(
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("channel")] string? Channel,
    [property: JsonPropertyName("ts")] string? Ts);
