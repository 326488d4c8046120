using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.Slack.Tests.Fakes;

/// <summary>What Slack checks in a message's text and blocks before it posts or edits it.</summary>
internal sealed partial class FakeSlack
{
    /// <summary>Most elements in one actions block (docs.slack.dev/reference/block-kit/blocks/actions-block; python-slack-sdk#1253).</summary>
    public const int MaxActionsPerBlock = 25;

    /// <summary>Most characters in a section block's text (docs.slack.dev/reference/block-kit/blocks/section-block).</summary>
    public const int MaxSectionText = 3000;

    /// <summary>Most blocks in one message (docs.slack.dev/reference/block-kit/blocks).</summary>
    public const int MaxBlocks = 50;

    /// <summary>Null when Slack would take the text and blocks; otherwise the error it answers with.</summary>
    private IResult? CheckContent(RecordedRequest request, JsonElement body, string channel)
    {
        if (body.TryGetProperty("text", out var text) && text.GetString() is { Length: > MaxMessageText })
        {
            return Fail(request, "msg_too_long");
        }

        if (!body.TryGetProperty("blocks", out var blocks) || blocks.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var errors = new List<string>();
        if (blocks.GetArrayLength() > MaxBlocks)
        {
            errors.Add($"must provide at most {MaxBlocks} items [json-pointer:/blocks]");
        }

        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var block in blocks.EnumerateArray())
        {
            var at = string.Create(CultureInfo.InvariantCulture, $"/blocks/{index++}");
            if (block.TryGetProperty("block_id", out var id) && !blockIds.Add(id.GetString() ?? ""))
            {
                errors.Add($"duplicate block_id [json-pointer:{at}/block_id]");
            }

            switch (block.TryGetProperty("type", out var type) ? type.GetString() : null)
            {
                case "actions" when block.TryGetProperty("elements", out var elements) && elements.GetArrayLength() > MaxActionsPerBlock:
                    errors.Add($"must provide at most {MaxActionsPerBlock} items [json-pointer:{at}/elements]");
                    break;
                case "section" when block.TryGetProperty("text", out var section) && section.TryGetProperty("text", out var sectionText) && sectionText.GetString() is { Length: > MaxSectionText }:
                    errors.Add($"must be less than {MaxSectionText + 1} characters [json-pointer:{at}/text/text]");
                    break;
                case "image" when block.TryGetProperty("slack_file", out var slackFile) && !FileVisibleIn(slackFile, channel):
                    // A slack_file image may only name a file shared into a conversation the viewers can see; an unshared
                    // upload, or one whose share has not landed yet, fails the whole call (python-slack-sdk#1658,
                    // bolt-python#1251, java-slack-sdk#1349; slackapi/bolt-js#2115).
                    errors.Add($"invalid slack file [json-pointer:{at}/slack_file]");
                    break;
            }
        }

        return errors.Count == 0 ? null : Fail(request, "invalid_blocks", [.. errors]);
    }

    private bool FileVisibleIn(JsonElement slackFile, string channel)
    {
        var id = slackFile.TryGetProperty("id", out var value) ? value.GetString() : null;
        lock (_files)
        {
            return id is not null && _files.TryGetValue(id, out var file) && !file.Deleted && file.SharedIn == channel;
        }
    }
}
