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

    public static string ActionId(ResultAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Kind switch
        {
            ResultActionKind.Upscale => string.Create(CultureInfo.InvariantCulture, $"{Upscale}:{action.ImageIndex ?? 0}"),
            ResultActionKind.Vary => string.Create(CultureInfo.InvariantCulture, $"{Vary}:{action.ImageIndex ?? 0}"),
            ResultActionKind.Reroll => Reroll,
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
