using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The JSON a slash command's or a button's <c>response_url</c> takes: a message for the user who acted.</summary>
internal sealed record ResponseUrlMessage
{
    /// <summary>The value that shows a message to the acting user alone.</summary>
    public const string Ephemeral = "ephemeral";

    [JsonPropertyName("response_type")]
    public string ResponseType { get; init; } = Ephemeral;

    [JsonPropertyName("text")]
    public required string Text { get; init; }

    /// <summary>False, so an answer to a button press is posted beside the message rather than over it.</summary>
    [JsonPropertyName("replace_original")]
    public bool ReplaceOriginal { get; init; }
}
