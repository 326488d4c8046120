using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>A command option; type 1 subcommand (with its own <see cref="Options"/>), 3 string, 4 integer, 5 boolean, 10 number, 11 attachment.</summary>
internal sealed record ApplicationCommandOption
{
    [JsonPropertyName("type")]
    public required int Type { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    [JsonPropertyName("required")]
    public bool? Required { get; init; }

    [JsonPropertyName("choices")]
    public IReadOnlyList<ApplicationCommandChoice>? Choices { get; init; }

    [JsonPropertyName("min_value")]
    public double? MinValue { get; init; }

    [JsonPropertyName("max_value")]
    public double? MaxValue { get; init; }

    [JsonPropertyName("max_length")]
    public int? MaxLength { get; init; }

    /// <summary>Suggestions come from the bot as the user types (docs: not allowed together with <see cref="Choices"/>).</summary>
    [JsonPropertyName("autocomplete")]
    public bool? Autocomplete { get; init; }

    /// <summary>A subcommand's own options.</summary>
    [JsonPropertyName("options")]
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }
}
