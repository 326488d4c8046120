using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using DiffusionBot.Chat.Edits;
using DiffusionBot.Slack.Events;

namespace DiffusionBot.Slack.Mapping;

/// <summary>
/// As Midjourney's Remix does, Zoom Out, the pans and a chosen region open a modal holding the image's prompt, to keep or
/// change before the edit runs. The modal carries what the edit needs in its <c>private_metadata</c> (a submission names no
/// channel), so a form submitted after a restart still runs.
/// </summary>
internal static class EditForm
{
    public const string CallbackId = "dbot_edit";
    public const string PromptBlock = "prompt";
    public const string PromptAction = "prompt";

    /// <summary>Block Kit "Modal view": title, submit and close texts are at most 24 characters.</summary>
    private const int MaxTitle = 24;

    /// <summary>Block Kit "Plain-text input element": <c>max_length</c> and <c>initial_value</c> at most 3000 characters.</summary>
    private const int MaxPrompt = 3000;

    public static bool Asks(string edit) => ImageEdit.Zooms.Contains(edit) || ImageEdit.Pans.Contains(edit) || ImageEdit.Regions.Contains(edit);

    public static JsonElement View(EditFormState state, string prompt)
    {
        var title = ImageEdit.Label(state.Edit);
        var view = new JsonObject
        {
            ["type"] = "modal",
            ["callback_id"] = CallbackId,
            ["private_metadata"] = JsonSerializer.Serialize(state, SlackJsonContext.Default.EditFormState),
            ["title"] = PlainText(title.Length > MaxTitle ? title[..MaxTitle] : title),
            ["submit"] = PlainText("Paint"),
            ["close"] = PlainText("Cancel"),
            ["blocks"] = new JsonArray
            {
                new JsonObject
                {
                    ["type"] = "input",
                    ["block_id"] = PromptBlock,
                    ["label"] = PlainText("Prompt (keep it, or say what to paint)"),
                    ["element"] = new JsonObject
                    {
                        ["type"] = "plain_text_input",
                        ["action_id"] = PromptAction,
                        ["multiline"] = true,
                        ["max_length"] = MaxPrompt,
                        ["initial_value"] = prompt.Length > MaxPrompt ? prompt[..MaxPrompt] : prompt,
                    },
                },
            },
        };
        using var document = JsonDocument.Parse(view.ToJsonString());
        return document.RootElement.Clone();
    }

    /// <summary>The edit a submitted form names, and its prompt; null for a view the bot did not open.</summary>
    public static (EditFormState State, string? Prompt)? Read(SubmittedView view)
    {
        if (view.CallbackId != CallbackId || string.IsNullOrEmpty(view.PrivateMetadata))
        {
            return null;
        }

        try
        {
            var state = JsonSerializer.Deserialize(view.PrivateMetadata, SlackJsonContext.Default.EditFormState);
            var prompt = view.State?.Values?.GetValueOrDefault(PromptBlock)?.GetValueOrDefault(PromptAction)?.Value;
            return state is null || !Asks(state.Edit) ? null : (state, prompt);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text };
}

/// <summary>What an edit form's submission needs: the result, the image, the edit, and where the result was.</summary>
internal sealed record EditFormState(
    [property: JsonPropertyName("r")] string ResultId,
    [property: JsonPropertyName("i")] int ImageIndex,
    [property: JsonPropertyName("e")] string Edit,
    [property: JsonPropertyName("t")] string TeamId,
    [property: JsonPropertyName("c")] string ChannelId);
