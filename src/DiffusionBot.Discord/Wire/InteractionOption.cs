using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>
/// An option as received; for an attachment (type 11) <see cref="Value"/> is the id in <c>resolved.attachments</c>.
/// A subcommand (type 1) has no value but its own <see cref="Options"/>. In an autocomplete interaction the option being
/// typed has <see cref="Focused"/> set, and its value is the partial text.
/// </summary>
internal sealed record InteractionOption(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("value")] JsonElement Value,
    [property: JsonPropertyName("options")] IReadOnlyList<InteractionOption>? Options = null,
    [property: JsonPropertyName("focused")] bool? Focused = null);
