namespace DiffusionBot.Chat.Prompts;

/// <summary>Splits prompt text into words and recognizes flags.</summary>
/// <remarks>
/// A flag is a word that starts with exactly two dashes' worth of <c>-</c> (one each), <c>—</c> or <c>–</c> (two each:
/// phones replace a typed <c>--</c> with either), followed by a letter. So <c>-ish</c>, a lone <c>—</c> and
/// <c>---</c> stay part of the description.
/// </remarks>
internal static class PromptTokenizer
{
    public static IReadOnlyList<PromptToken> Split(string text)
    {
        var tokens = new List<PromptToken>();
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (i == text.Length)
            {
                break;
            }

            var start = i;
            while (i < text.Length && !char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            tokens.Add(Token(text, start, i));
        }

        return tokens;
    }

    private static PromptToken Token(string text, int start, int end)
    {
        var dashes = 0;
        var nameStart = start;
        while (nameStart < end && text[nameStart] is '-' or '—' or '–')
        {
            dashes += text[nameStart] == '-' ? 1 : 2;
            nameStart++;
        }

        if (dashes != 2 || nameStart == end || !char.IsLetter(text[nameStart]))
        {
            return new PromptToken(start, end, null, -1);
        }

        var equals = text.IndexOf('=', nameStart, end - nameStart);
        var nameEnd = equals < 0 ? end : equals;
        return new PromptToken(start, end, text[nameStart..nameEnd], equals < 0 ? -1 : equals + 1);
    }
}
