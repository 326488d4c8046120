using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>A paged method's <c>response_metadata</c>: the cursor of the next page, empty on the last.</summary>
internal sealed record ResponseMetadata([property: JsonPropertyName("next_cursor")] string? NextCursor);
