using System.Text.Json;
using System.Text.Json.Nodes;
using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Slack.Replies;

/// <summary>The Block Kit the bot posts: a status line, a preview image, a result's buttons. Every text is escaped here.</summary>
internal static class SlackBlocks
{
    /// <summary>No blocks: <c>chat.update</c> with an empty array removes the old ones (the preview image).</summary>
    public static JsonElement None { get; } = JsonDocument.Parse("[]").RootElement.Clone();

    /// <summary>A status line with the preview uploaded as <paramref name="fileId"/> under it.</summary>
    public static JsonElement Preview(string text, string fileId, string altText) => ToElement(
    [
        Section(text),
        new JsonObject
        {
            ["type"] = "image",
            ["slack_file"] = new JsonObject { ["id"] = fileId },
            ["alt_text"] = Trim(altText, 2000),
        },
    ]);

    /// <summary>The prompt, then one actions block of buttons marked with <paramref name="marker"/>.</summary>
    public static JsonElement Result(string promptEcho, string resultId, IReadOnlyList<ResultAction> actions, string marker)
    {
        var buttons = new JsonArray();
        foreach (var action in actions)
        {
            buttons.Add(new JsonObject
            {
                ["type"] = "button",
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = action.Label, ["emoji"] = true },
                ["action_id"] = ResultButton.ActionId(action),
                ["value"] = resultId,
            });
        }

        JsonArray blocks = [Section(promptEcho)];
        if (buttons.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = marker, ["elements"] = buttons });
        }

        return ToElement(blocks);
    }

    /// <summary>Whether a message's blocks carry <paramref name="marker"/> as a block id.</summary>
    public static bool HasBlockId(JsonElement? blocks, string marker)
    {
        if (blocks is not { ValueKind: JsonValueKind.Array } array)
        {
            return false;
        }

        foreach (var block in array.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object && block.TryGetProperty("block_id", out var id)
                && id.ValueKind == JsonValueKind.String && id.GetString() == marker)
            {
                return true;
            }
        }

        return false;
    }

    private static JsonObject Section(string text) => new()
    {
        ["type"] = "section",
        ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = SlackText.EscapeAndTruncate(text), ["verbatim"] = true },
    };

    private static string Trim(string text, int max) => text.Length <= max ? text : text[..max];

    private static JsonElement ToElement(JsonArray blocks) => JsonDocument.Parse(blocks.ToJsonString()).RootElement.Clone();
}
