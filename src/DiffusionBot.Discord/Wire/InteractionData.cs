using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>A command's name, type and options (a message command's target), a component's custom id, or a submitted modal's id and text inputs.</summary>
internal sealed record InteractionData(
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("options")] IReadOnlyList<InteractionOption>? Options,
    [property: JsonPropertyName("resolved")] InteractionResolved? Resolved,
    [property: JsonPropertyName("custom_id")] string? CustomId,
    [property: JsonPropertyName("component_type")] int? ComponentType,
    [property: JsonPropertyName("type")] int? Type = null,
    [property: JsonPropertyName("target_id")] ulong? TargetId = null,
    [property: JsonPropertyName("values")] IReadOnlyList<string>? Values = null,
    [property: JsonPropertyName("components")] IReadOnlyList<MessageComponent>? Components = null);
