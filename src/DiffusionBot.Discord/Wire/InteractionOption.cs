using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>An option as received; for an attachment (type 11) <see cref="Value"/> is the id in <c>resolved.attachments</c>.</summary>
internal sealed record InteractionOption(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("value")] JsonElement Value);
