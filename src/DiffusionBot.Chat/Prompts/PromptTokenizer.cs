namespace DiffusionBot.Chat.Prompts;

/// <summary>Splits prompt text into words and recognizes flags and quoted flag values.</summary>
/// <remarks>
/// <para>
/// A flag is a word that starts with exactly two dashes' worth of <c>-</c> (one each), <c>—</c> or <c>–</c> (two each:
/// phones replace a typed <c>--</c> with either), followed by a letter. So <c>-ish</c>, a lone <c>—</c> and
/// <c>---</c> stay part of the description.
/// </para>
/// <para>
/// After the first flag, a word that starts with a double quote runs to the next double quote, spaces included:
/// <c>--sampler "DPM++ 2M Karras"</c>, <c>--no="blurry, text"</c>. Straight and curly quotes pair in any order, because
/// iOS's smart punctuation turns a typed <c>"</c> into <c>“</c> or <c>”</c> in Discord's and Slack's apps. Quotes in
/// the description are left alone (<c>a 6" ruler</c> is a description, not an unclosed value).
/// </para>
/// </remarks>
internal static class PromptTokenizer
{
    /// <exception cref="PromptFlagException">A quoted flag value has no closing quote.</exception>
    public static IReadOnlyList<PromptToken> Split(string text)
    {
        var tokens = new List<PromptToken>();
        string? lastFlag = null;
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
            PromptToken token;
            if (lastFlag is not null && IsQuote(text[i]))
            {
                var close = ClosingQuote(text, i + 1, lastFlag);
                token = new PromptToken(start, close + 1, null, start + 1, close, Quoted: true);
            }
            else
            {
                while (i < text.Length && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }

                token = Token(text, start, i);
            }

            tokens.Add(token);
            lastFlag = token.FlagName ?? lastFlag;
            i = token.End;
        }

        return tokens;
    }

    /// <summary>The double quotes people's keyboards produce: straight, curly (“ ”), low (&#x201E;), reversed and fullwidth.</summary>
    public static bool IsQuote(char c) => c is '"' or '“' or '”' or '„' or '‟' or '＂';

    private static int ClosingQuote(string text, int from, string flag)
    {
        for (var i = from; i < text.Length; i++)
        {
            if (IsQuote(text[i]))
            {
                return i;
            }
        }

        throw new PromptFlagException(
            $"The quoted value of --{flag.ToLowerInvariant()} has no closing quote (you wrote '{PromptSpecValidator.Echo(text[(from - 1)..])}'); add a \" at its end.");
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
            return new PromptToken(start, end, null, start, end, Quoted: false);
        }

        var equals = text.IndexOf('=', nameStart, end - nameStart);
        if (equals < 0)
        {
            return new PromptToken(start, end, text[nameStart..end], -1, -1, Quoted: false);
        }

        var name = text[nameStart..equals];
        var valueStart = equals + 1;
        if (valueStart < text.Length && IsQuote(text[valueStart]))
        {
            var close = ClosingQuote(text, valueStart + 1, name);
            return new PromptToken(start, close + 1, name, valueStart + 1, close, Quoted: true);
        }

        return new PromptToken(start, end, name, valueStart, end, Quoted: false);
    }
}
