using DiffusionBot.Chat.Edits;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Mapping;

/// <summary>
/// As Midjourney's Remix does, Zoom Out, the pans and a chosen Vary (Region) open a form holding the image's prompt,
/// to be kept or changed, before they run. The form's id is the edit's own button id
/// (<c>dbot:e:&lt;resultId&gt;:&lt;k&gt;:&lt;edit&gt;</c>), so a form submitted after a restart still names its edit.
/// </summary>
internal static class EditPromptModal
{
    public const string PromptInput = "prompt";

    /// <summary>docs/interactions/receiving-and-responding, "Modal": a title of at most 45 characters.</summary>
    private const int MaxTitle = 45;

    /// <summary>docs/components/reference, "Text Input": value and max_length up to 4000 characters.</summary>
    private const int MaxValue = 4000;

    /// <summary>The edit a component interaction asks for that is worth a prompt: a zoom or pan button, or a region picked in the menu.</summary>
    public static ResultButtonId? EditToAsk(Interaction interaction)
    {
        if (interaction.Type != Interaction.MessageComponent || !ResultButtonId.TryParse(interaction.Data?.CustomId, out var button))
        {
            return null;
        }

        return button.Kind switch
        {
            ResultActionKind.Edit when ImageEdit.Zooms.Contains(button.Edit) || ImageEdit.Pans.Contains(button.Edit) => button,
            ResultActionKind.RegionMenu when interaction.Data?.Values is [var region, ..] && ImageEdit.Regions.Contains(region) => button with { Kind = ResultActionKind.Edit, Edit = region },
            _ => null,
        };
    }

    public static ModalResponse For(ResultButtonId edit, string prompt)
    {
        var title = $"{ImageEdit.Label(edit.Edit!)}: the prompt";
        var input = new MessageComponent
        {
            Type = MessageComponent.TextInput,
            CustomId = PromptInput,
            Style = MessageComponent.Paragraph,
            Label = "Prompt (keep it, or say what to paint)",
            Value = prompt.Length > MaxValue ? prompt[..MaxValue] : prompt,
            MaxLength = MaxValue,
            Required = true,
        };
        var id = ResultButtonId.Format(edit.ResultId, new ResultAction(ResultActionKind.Edit, edit.ImageIndex, edit.Edit));
        return new ModalResponse(ModalResponse.Modal, new ModalData(id, title.Length > MaxTitle ? title[..MaxTitle] : title, [new MessageComponent { Type = MessageComponent.ActionRow, Components = [input] }]));
    }

    /// <summary>The prompt a submitted form carries; null (the image's own prompt) when it has none.</summary>
    public static string? PromptOf(InteractionData data) =>
        (data.Components ?? []).SelectMany(row => row.Components ?? []).FirstOrDefault(c => c.CustomId == PromptInput)?.Value;
}
