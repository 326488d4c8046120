using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>
/// The callback body answering an autocomplete interaction: APPLICATION_COMMAND_AUTOCOMPLETE_RESULT (type 8) with at
/// most 25 choices (docs/interactions/receiving-and-responding, "Autocomplete"). It cannot be deferred.
/// </summary>
internal sealed record AutocompleteResponse(
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("data")] AutocompleteChoices Data)
{
    public const int Result = 8;

    public static AutocompleteResponse Of(IReadOnlyList<ApplicationCommandChoice> choices) => new(Result, new AutocompleteChoices(choices));
}

internal sealed record AutocompleteChoices([property: JsonPropertyName("choices")] IReadOnlyList<ApplicationCommandChoice> Choices);
