using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>An error body; a 429 adds <c>retry_after</c> (seconds, fractional) and <c>global</c>.</summary>
internal sealed record DiscordErrorBody(
    [property: JsonPropertyName("code")] int? Code,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("errors")] JsonElement? Errors,
    [property: JsonPropertyName("retry_after")] double? RetryAfter,
    [property: JsonPropertyName("global")] bool? Global);
