using System.Globalization;
using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Slack.Replies;

/// <summary>
/// How a result's buttons carry their meaning back in <c>block_actions</c>: <c>action_id</c> names the action and the
/// image (<c>upscale:0</c>, <c>vary:3</c>, <c>reroll</c>), <c>value</c> is the result id.
/// </summary>
internal static class ResultButton
{
    private const string Upscale = "upscale";
    private const string Vary = "vary";
    private const string Reroll = "reroll";
    private const string EditPrefix = "edit";
    private const string RegionPrefix = "region";

    /// <summary>A region menu option's value: the result id and the region's edit (the select itself has no <c>value</c>).</summary>
    public static string RegionOptionValue(string resultId, string edit) => $"{resultId}|{edit}";

    /// <summary>
    /// Reads an edit button (<c>edit:&lt;k&gt;:&lt;edit&gt;</c>, value the result id) or a region menu's choice
    /// (<c>region:&lt;k&gt;</c>, <paramref name="selected"/> = <see cref="RegionOptionValue"/>); false for anything else.
    /// </summary>
    public static bool TryReadEdit(string? actionId, string? value, string? selected, out string resultId, out int imageIndex, out string edit)
    {
        (resultId, imageIndex, edit) = ("", 0, "");
        var parts = (actionId ?? "").Split(':', 3);
        if (parts.Length < 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out imageIndex))
        {
            return false;
        }

        if (parts[0] == EditPrefix && parts.Length == 3 && value is { Length: > 0 and <= 64 })
        {
            (resultId, edit) = (value, parts[2]);
            return Chat.Edits.ImageEdit.IsKnown(edit);
        }

        if (parts[0] == RegionPrefix && parts.Length == 2 && selected?.Split('|') is [{ Length: > 0 and <= 64 } id, var region])
        {
            (resultId, edit) = (id, region);
            return Chat.Edits.ImageEdit.Regions.Contains(edit);
        }

        return false;
    }

    public static string ActionId(ResultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Kind switch
        {
            ResultActionKind.Upscale => string.Create(CultureInfo.InvariantCulture, $"{Upscale}:{action.ImageIndex ?? 0}"),
            ResultActionKind.Vary => string.Create(CultureInfo.InvariantCulture, $"{Vary}:{action.ImageIndex ?? 0}"),
            ResultActionKind.Reroll => Reroll,
            ResultActionKind.Edit => string.Create(CultureInfo.InvariantCulture, $"{EditPrefix}:{action.ImageIndex ?? 0}:{action.Edit}"),
            ResultActionKind.RegionMenu => string.Create(CultureInfo.InvariantCulture, $"{RegionPrefix}:{action.ImageIndex ?? 0}"),
            _ => throw new ArgumentOutOfRangeException(nameof(action), action.Kind, "Unknown action."),
        };
    }

    /// <summary>Reads a pressed button; false for anything the bot did not put there.</summary>
    public static bool TryRead(string? actionId, string? value, out ResultActionKind kind, out string resultId, out int imageIndex)
    {
        kind = default;
        resultId = value ?? "";
        imageIndex = 0;
        if (string.IsNullOrEmpty(actionId) || resultId.Length is 0 or > 64)
        {
            return false;
        }

        var colon = actionId.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? actionId : actionId[..colon];
        if (colon >= 0 && !int.TryParse(actionId.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out imageIndex))
        {
            return false;
        }

        switch (name)
        {
            case Upscale when colon >= 0:
                kind = ResultActionKind.Upscale;
                return true;
            case Vary when colon >= 0:
                kind = ResultActionKind.Vary;
                return true;
            case Reroll when colon < 0:
                kind = ResultActionKind.Reroll;
                return true;
            default:
                return false;
        }
    }
}
