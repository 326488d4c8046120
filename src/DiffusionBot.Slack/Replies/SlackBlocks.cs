using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Slack.Replies;

/// <summary>The Block Kit the bot posts: a result's prompt and buttons. Every text is escaped here.</summary>
internal static class SlackBlocks
{
    /// <summary>No blocks: <c>chat.update</c> with an empty array removes the old ones.</summary>
    public static JsonElement None { get; } = JsonDocument.Parse("[]").RootElement.Clone();

    /// <summary>The most elements one actions block takes (docs.slack.dev/reference/block-kit/blocks/actions-block).</summary>
    public const int MaxActionsPerBlock = 25;

    /// <summary>
    /// The prompt, then the buttons in actions blocks: the U row, then the V row with 🔁, each cut at
    /// <see cref="MaxActionsPerBlock"/>, so every grid size fits. The first block's id is <paramref name="marker"/>, the others
    /// add <c>-2</c>, <c>-3</c>, … (block ids must be unique within a message).
    /// </summary>
    public static JsonElement Result(string promptEcho, string resultId, IReadOnlyList<ResultAction> actions, string marker)
    {
        ArgumentNullException.ThrowIfNull(actions);
        JsonArray blocks = [Section(promptEcho)];
        var rows = new[]
        {
            actions.Where(a => a.Kind == ResultActionKind.Upscale).ToList(),
            actions.Where(a => a.Kind != ResultActionKind.Upscale).ToList(),
        };
        var blockCount = 0;
        foreach (var row in rows)
        {
            foreach (var chunk in row.Chunk(MaxActionsPerBlock))
            {
                var buttons = new JsonArray();
                foreach (var action in chunk)
                {
                    if (action.Kind == ResultActionKind.RegionMenu)
                    {
                        buttons.Add(RegionMenu(resultId, action));
                        continue;
                    }

                    buttons.Add(new JsonObject
                    {
                        ["type"] = "button",
                        ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = action.Label, ["emoji"] = true },
                        ["action_id"] = ResultButton.ActionId(action),
                        ["value"] = resultId,
                    });
                }

                blockCount++;
                var blockId = blockCount == 1 ? marker : string.Create(CultureInfo.InvariantCulture, $"{marker}-{blockCount}");
                blocks.Add(new JsonObject { ["type"] = "actions", ["block_id"] = blockId, ["elements"] = buttons });
            }
        }

        return ToElement(blocks);
    }

    /// <summary>Vary (Region) as a static select: each option's value carries the result id, as a select has no value of its own.</summary>
    private static JsonObject RegionMenu(string resultId, ResultAction action)
    {
        var options = new JsonArray();
        foreach (var region in Chat.Edits.ImageEdit.Regions)
        {
            options.Add(new JsonObject
            {
                ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Chat.Edits.ImageEdit.Label(region) },
                ["value"] = ResultButton.RegionOptionValue(resultId, region),
            });
        }

        return new JsonObject
        {
            ["type"] = "static_select",
            ["action_id"] = ResultButton.ActionId(action),
            ["placeholder"] = new JsonObject { ["type"] = "plain_text", ["text"] = action.Label },
            ["options"] = options,
        };
    }

    /// <summary>The result a message's buttons act on (their <c>value</c>, under a result marker), or null.</summary>
    public static string? ResultIdOf(JsonElement? blocks)
    {
        if (blocks is not { ValueKind: JsonValueKind.Array } array)
        {
            return null;
        }

        foreach (var block in array.EnumerateArray())
        {
            if (block.ValueKind == JsonValueKind.Object
                && block.TryGetProperty("block_id", out var id) && id.ValueKind == JsonValueKind.String && id.GetString()!.StartsWith("dbot-", StringComparison.Ordinal)
                && block.TryGetProperty("elements", out var elements) && elements.ValueKind == JsonValueKind.Array)
            {
                foreach (var element in elements.EnumerateArray())
                {
                    if (element.ValueKind == JsonValueKind.Object && element.TryGetProperty("value", out var value)
                        && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } resultId)
                    {
                        return resultId;
                    }
                }
            }
        }

        return null;
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
