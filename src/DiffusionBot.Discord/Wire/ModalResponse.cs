using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>
/// The callback body that opens a form: MODAL (type 9), with a title of up to 45 characters and one to five action rows
/// of text inputs (docs/interactions/receiving-and-responding, "Modal"; not available in answer to a modal submit).
/// </summary>
internal sealed record ModalResponse(
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("data")] ModalData Data)
{
    public const int Modal = 9;
}

internal sealed record ModalData(
    [property: JsonPropertyName("custom_id")] string CustomId,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("components")] IReadOnlyList<MessageComponent> Components);
