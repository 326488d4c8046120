using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>A slash command's name and options, or a component's custom id.</summary>
internal sealed record InteractionData(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("options")] IReadOnlyList<InteractionOption>? Options,
    [property: JsonPropertyName("resolved")] InteractionResolved? Resolved,
    [property: JsonPropertyName("custom_id")] string? CustomId,
    [property: JsonPropertyName("component_type")] int? ComponentType);
