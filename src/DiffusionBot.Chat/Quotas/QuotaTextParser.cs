using System.Globalization;
using DiffusionBot.Chat.Commands;

namespace DiffusionBot.Chat.Quotas;

/// <summary>
/// <c>/quota</c> as words (Slack and the playground): <c>show</c>, <c>off</c>, <c>clear</c>, or
/// <c>set 20 per 24h user 5 [steps 50] [pixels 262144]</c>; <c>server</c> or <c>workspace</c> at the
/// end sets the default for the whole server/workspace instead of this channel.
/// </summary>
public static class QuotaTextParser
{
    private const string Example = "e.g. /quota set 20 per 24h user 5";

    public static Command Parse(string text, CommandOrigin origin)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        if (words.Count > 0 && words[0].Equals("/quota", StringComparison.OrdinalIgnoreCase))
        {
            words.RemoveAt(0);
        }

        var workspace = words.Count > 0 && words[^1].ToLowerInvariant() is "server" or "workspace";
        if (workspace)
        {
            words.RemoveAt(words.Count - 1);
        }

        var verb = words.Count == 0 ? "show" : words[0].ToLowerInvariant();
        var rest = words.Skip(1).ToList();
        return verb switch
        {
            "show" when rest.Count == 0 => new ShowQuota(origin),
            "off" when rest.Count == 0 => new ChangeQuota(origin, new QuotaChange.TurnOff(workspace)),
            "clear" when rest.Count == 0 => new ChangeQuota(origin, new QuotaChange.Clear(workspace)),
            "set" => new ChangeQuota(origin, new QuotaChange.Set(ParseSet(rest), workspace)),
            "show" or "off" or "clear" => throw new QuotaException($"/quota {verb} takes no more words (got '{Clip(rest[0])}')."),
            _ => throw new QuotaException($"Unknown /quota command '{Clip(words[0])}'; use show, set, off or clear."),
        };
    }

    private static QuotaPolicy ParseSet(List<string> words)
    {
        int? images = null, user = null, steps = null, pixels = null;
        string? per = null;
        var i = 0;
        if (i < words.Count && LooksNumeric(words[i]))
        {
            images = Number("images", words[i++]);
        }

        while (i < words.Count)
        {
            var word = words[i].ToLowerInvariant();
            if (i + 1 >= words.Count)
            {
                throw new QuotaException($"'{Clip(words[i])}' needs a value; {Example}.");
            }

            var value = words[i + 1];
            switch (word)
            {
                case "per":
                    per = value;
                    break;
                case "user":
                    user = Number("user", value);
                    break;
                case "steps":
                    steps = Number("steps", value);
                    break;
                case "pixels":
                    pixels = Number("pixels", value);
                    break;
                case "images":
                    images = Number("images", value);
                    break;
                default:
                    throw new QuotaException($"Unknown word '{Clip(words[i])}'; {Example}.");
            }

            i += 2;
        }

        return QuotaPolicyBuilder.Build(images, user, per, steps, pixels);
    }

    private static bool LooksNumeric(string word) => word.Length > 0 && (char.IsDigit(word[0]) || word[0] == '-');

    private static int Number(string name, string word) =>
        int.TryParse(word, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new QuotaException($"{name} must be a whole number (you wrote '{Clip(word)}').");

    private static string Clip(string text) => text.Length > 20 ? text[..20] + "…" : text;
}
