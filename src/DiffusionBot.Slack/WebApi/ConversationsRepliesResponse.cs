using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The answer to <c>conversations.replies</c>: one page of a thread, and the cursor of the next.</summary>
internal sealed record ConversationsRepliesResponse : SlackResponse
{
    [JsonPropertyName("messages")]
    public IReadOnlyList<SlackMessage>? Messages { get; init; }

    [JsonPropertyName("has_more")]
    public bool HasMore { get; init; }

    [JsonPropertyName("response_metadata")]
    public ResponseMetadata? ResponseMetadata { get; init; }
}
