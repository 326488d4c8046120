using System.Text;

namespace DiffusionBot.Slack.Replies;

/// <summary>Text as Slack's message formatting reads it.</summary>
internal static class SlackText
{
    /// <summary>The longest text a section block shows.</summary>
    public const int MaxSectionText = 3000;

    /// <summary>
    /// Escapes <c>&amp;</c>, <c>&lt;</c> and <c>&gt;</c>, the three characters Slack's formatting gives meaning to, so echoed
    /// user text is shown as typed: <c>&lt;!channel&gt;</c>, <c>&lt;!here&gt;</c> and <c>&lt;@U123&gt;</c> ping nobody.
    /// </summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny('&', '<', '>') < 0)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            builder.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                _ => c.ToString(),
            });
        }

        return builder.ToString();
    }

    /// <summary>Escapes <paramref name="text"/> and cuts it to <paramref name="max"/> characters, never inside an escape.</summary>
    public static string EscapeAndTruncate(string text, int max = MaxSectionText)
    {
        var escaped = Escape(text);
        if (escaped.Length <= max)
        {
            return escaped;
        }

        var cut = escaped[..(max - 1)];
        var amp = cut.LastIndexOf('&');
        if (amp >= 0 && cut.IndexOf(';', amp) < 0)
        {
            cut = cut[..amp];
        }

        return cut + "…";
    }
}
