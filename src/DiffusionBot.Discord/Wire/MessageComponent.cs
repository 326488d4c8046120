using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>
/// An action row (type 1, with <see cref="Components"/>), a button (type 2), a string select (type 3, with
/// <see cref="Options"/>) or a modal's text input (type 4, with <see cref="Value"/>, which a modal submit sends back).
/// </summary>
internal sealed record MessageComponent
{
    public const int ActionRow = 1;
    public const int Button = 2;
    public const int StringSelect = 3;
    public const int TextInput = 4;

    /// <summary>A text input's style 2: several lines.</summary>
    public const int Paragraph = 2;

    [JsonPropertyName("type")]
    public required int Type { get; init; }

    /// <summary>Buttons: 1 primary, 2 secondary, 3 success, 4 danger, 5 link.</summary>
    [JsonPropertyName("style")]
    public int? Style { get; init; }

    [JsonPropertyName("label")]
    public string? Label { get; init; }

    [JsonPropertyName("custom_id")]
    public string? CustomId { get; init; }

    [JsonPropertyName("url")]
    public string? Url { get; init; }

    [JsonPropertyName("disabled")]
    public bool? Disabled { get; init; }

    /// <summary>A string select's choices (Discord "Component Reference": select option structure).</summary>
    [JsonPropertyName("options")]
    public IReadOnlyList<SelectOption>? Options { get; init; }

    [JsonPropertyName("placeholder")]
    public string? Placeholder { get; init; }

    [JsonPropertyName("components")]
    public IReadOnlyList<MessageComponent>? Components { get; init; }

    [JsonPropertyName("value")]
    public string? Value { get; init; }

    [JsonPropertyName("max_length")]
    public int? MaxLength { get; init; }

    [JsonPropertyName("required")]
    public bool? Required { get; init; }
}
