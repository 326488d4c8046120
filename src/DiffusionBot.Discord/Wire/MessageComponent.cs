using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>An action row (type 1, with <see cref="Components"/>) or a button (type 2).</summary>
internal sealed record MessageComponent
{
    public const int ActionRow = 1;
    public const int Button = 2;

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

    [JsonPropertyName("components")]
    public IReadOnlyList<MessageComponent>? Components { get; init; }
}
