using System.Globalization;
using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Discord.Mapping;

/// <summary>
/// A result button's <c>custom_id</c>: <c>dbot:u:&lt;resultId&gt;:&lt;k&gt;</c>, <c>dbot:v:&lt;resultId&gt;:&lt;k&gt;</c> or
/// <c>dbot:r:&lt;resultId&gt;</c>, with k from 1 as on the label; a single-image edit <c>dbot:e:&lt;resultId&gt;:&lt;k&gt;:&lt;edit&gt;</c>
/// (<c>zoom:2</c>, <c>pan:left</c>, <c>upscale</c>) and the Vary (Region) menu <c>dbot:m:&lt;resultId&gt;:&lt;k&gt;</c>, whose
/// chosen region comes back in <c>values</c>. Self-contained, so buttons work after a restart.
/// </summary>
internal readonly record struct ResultButtonId(ResultActionKind Kind, string ResultId, int? ImageIndex, string? Edit = null)
{
    public const string Prefix = "dbot";

    public static string Format(string resultId, ResultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Kind switch
        {
            ResultActionKind.Upscale => string.Create(CultureInfo.InvariantCulture, $"{Prefix}:u:{resultId}:{action.ImageIndex + 1}"),
            ResultActionKind.Vary => string.Create(CultureInfo.InvariantCulture, $"{Prefix}:v:{resultId}:{action.ImageIndex + 1}"),
            ResultActionKind.Edit => string.Create(CultureInfo.InvariantCulture, $"{Prefix}:e:{resultId}:{action.ImageIndex + 1}:{action.Edit}"),
            ResultActionKind.RegionMenu => string.Create(CultureInfo.InvariantCulture, $"{Prefix}:m:{resultId}:{action.ImageIndex + 1}"),
            _ => $"{Prefix}:r:{resultId}",
        };
    }

    public static bool TryParse(string? customId, out ResultButtonId id)
    {
        id = default;
        var parts = (customId ?? "").Split(':');
        if (parts.Length < 3 || parts[0] != Prefix || parts[2].Length == 0)
        {
            return false;
        }

        switch (parts[1])
        {
            case "r" when parts.Length == 3:
                id = new ResultButtonId(ResultActionKind.Reroll, parts[2], null);
                return true;
            case "u" or "v" when parts.Length == 4
                && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var k) && k >= 1:
                id = new ResultButtonId(parts[1] == "u" ? ResultActionKind.Upscale : ResultActionKind.Vary, parts[2], k - 1);
                return true;
            case "m" when parts.Length == 4
                && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && m >= 1:
                id = new ResultButtonId(ResultActionKind.RegionMenu, parts[2], m - 1);
                return true;
            case "e" when parts.Length >= 5
                && int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var e) && e >= 1
                && Chat.Edits.ImageEdit.IsKnown(string.Join(':', parts[4..])):
                id = new ResultButtonId(ResultActionKind.Edit, parts[2], e - 1, string.Join(':', parts[4..]));
                return true;
            default:
                return false;
        }
    }
}
