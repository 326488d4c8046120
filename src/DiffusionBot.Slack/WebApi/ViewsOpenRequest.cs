using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The JSON body of <c>views.open</c>: a modal opened with a button press's <c>trigger_id</c> (valid 3 seconds, once).</summary>
internal sealed record ViewsOpenRequest
{
    [JsonPropertyName("trigger_id")]
    public required string TriggerId { get; init; }

    [JsonPropertyName("view")]
    public required JsonElement View { get; init; }
}
