using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The answer to <c>conversations.replies</c>.</summary>
internal sealed record ConversationsRepliesResponse : SlackResponse
{
    [JsonPropertyName("messages")]
    public IReadOnlyList<SlackMessage>? Messages { get; init; }
}
