using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.SocketMode;

/// <summary>One delivery over Socket Mode: an event, a slash command or an interaction, to be acked by its id.</summary>
internal sealed record SocketEnvelope
{
    /// <summary>The id the ack must echo.</summary>
    [JsonPropertyName("envelope_id")]
    public required string EnvelopeId { get; init; }

    /// <summary><c>events_api</c>, <c>slash_commands</c> or <c>interactive</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>0 on the first delivery; Slack counts up each time it redelivers an unacked envelope.</summary>
    [JsonPropertyName("retry_attempt")]
    public int RetryAttempt { get; init; }

    /// <summary>Why Slack redelivered, e.g. <c>timeout</c>; empty on the first delivery.</summary>
    [JsonPropertyName("retry_reason")]
    public string? RetryReason { get; init; }

    /// <summary>Whether the ack may carry a response payload (slash commands, some interactions).</summary>
    [JsonPropertyName("accepts_response_payload")]
    public bool AcceptsResponsePayload { get; init; }

    /// <summary>The platform payload: an Events API <c>event_callback</c>, the slash-command fields, or the interaction.</summary>
    [JsonPropertyName("payload")]
    public JsonElement Payload { get; init; }

    /// <summary>The envelope type as a value a handler can switch on.</summary>
    [JsonIgnore]
    public EnvelopeKind Kind => Type switch
    {
        "events_api" => EnvelopeKind.EventsApi,
        "slash_commands" => EnvelopeKind.SlashCommands,
        "interactive" => EnvelopeKind.Interactive,
        _ => EnvelopeKind.Unknown,
    };

    /// <summary>The Events API <c>event_id</c>, which stays the same across redeliveries; null for other kinds.</summary>
    [JsonIgnore]
    public string? EventId =>
        Payload.ValueKind == JsonValueKind.Object
        && Payload.TryGetProperty("event_id", out var id)
        && id.ValueKind == JsonValueKind.String
            ? id.GetString()
            : null;
}
