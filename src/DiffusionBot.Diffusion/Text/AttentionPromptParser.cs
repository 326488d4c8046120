using System.Globalization;
using System.Text.RegularExpressions;

namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// Reads AUTOMATIC1111's emphasis grammar (<c>modules/prompt_parser.py</c>, <c>parse_prompt_attention</c>):
/// <c>(x)</c> ×1.1, <c>[x]</c> ÷1.1, <c>(x:1.5)</c> ×1.5, nested groups multiply, <c>\(</c> <c>\)</c> <c>\[</c>
/// <c>\]</c> <c>\\</c> are literal, and <c>BREAK</c> forces a new 75-token chunk. Any text parses: an unclosed
/// bracket weighs everything after it, a stray <c>)</c> or <c>]</c> is text, as in A1111. <c>&lt;…&gt;</c> (LoRA and
/// embedding names) is plain text here.
/// </summary>
/// <remarks>
/// Two deliberate departures, both where A1111 has no useful reading: a weight it cannot parse
/// (<c>(x:1.2.3)</c>, where A1111's <c>float()</c> raises) is read as text, like a weight outside any bracket; and a
/// <c>BREAK</c> inside brackets still breaks (A1111 multiplies its -1 break marker there, so it encodes the word
/// "break" at a negative weight).
/// </remarks>
public static partial class AttentionPromptParser
{
    public const double RoundBracketMultiplier = 1.1;
    public const double SquareBracketMultiplier = 1 / 1.1;

    public static IReadOnlyList<PromptFragment> Parse(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        var fragments = new List<PromptFragment>();
        var openRound = new Stack<int>();
        var openSquare = new Stack<int>();
        foreach (Match token in Token().Matches(prompt))
        {
            var text = token.Value;
            if (token.Groups["escaped"].Success)
            {
                fragments.Add(new PromptFragment(token.Groups["escaped"].Value, 1.0));
            }
            else if (text == "\\")
            {
                // A backslash escaping nothing is dropped, as A1111 does.
                continue;
            }
            else if (text == "(")
            {
                openRound.Push(fragments.Count);
            }
            else if (text == "[")
            {
                openSquare.Push(fragments.Count);
            }
            else if (token.Groups["weight"].Success && openRound.Count > 0 && TryParseWeight(token.Groups["weight"].Value, out var weight))
            {
                Multiply(fragments, openRound.Pop(), weight);
            }
            else if (text == ")" && openRound.Count > 0)
            {
                Multiply(fragments, openRound.Pop(), RoundBracketMultiplier);
            }
            else if (text == "]" && openSquare.Count > 0)
            {
                Multiply(fragments, openSquare.Pop(), SquareBracketMultiplier);
            }
            else
            {
                AddText(fragments, text);
            }
        }

        foreach (var start in openRound)
        {
            Multiply(fragments, start, RoundBracketMultiplier);
        }

        foreach (var start in openSquare)
        {
            Multiply(fragments, start, SquareBracketMultiplier);
        }

        return MergeEqualWeights(fragments);
    }

    private static void AddText(List<PromptFragment> fragments, string text)
    {
        var parts = BreakKeyword().Split(text);
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                fragments.Add(PromptFragment.Break);
            }

            fragments.Add(new PromptFragment(parts[i], 1.0));
        }
    }

    private static void Multiply(List<PromptFragment> fragments, int start, double multiplier)
    {
        for (var i = start; i < fragments.Count; i++)
        {
            if (!fragments[i].IsBreak)
            {
                fragments[i] = fragments[i] with { Weight = fragments[i].Weight * multiplier };
            }
        }
    }

    /// <summary>Python's <c>float()</c> on <c>[+-]?[.\d]+</c>: one optional point, at least one digit.</summary>
    private static bool TryParseWeight(string text, out double weight) =>
        double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out weight)
        && double.IsFinite(weight);

    private static List<PromptFragment> MergeEqualWeights(List<PromptFragment> fragments)
    {
        var merged = new List<PromptFragment>(fragments.Count);
        foreach (var fragment in fragments)
        {
            if (merged.Count > 0 && !fragment.IsBreak && merged[^1] is { IsBreak: false } last && last.Weight == fragment.Weight)
            {
                merged[^1] = last with { Text = last.Text + fragment.Text };
            }
            else
            {
                merged.Add(fragment);
            }
        }

        if (merged.Count == 0)
        {
            merged.Add(new PromptFragment("", 1.0));
        }

        return merged;
    }

    /// <summary>
    /// One lexical token, tried in A1111's order: an escape, a lone backslash, an opening bracket, <c>:weight)</c>, a
    /// closing bracket, a run of ordinary text, or a lone colon.
    /// </summary>
    [GeneratedRegex(@"\\(?<escaped>[()\[\]\\])|\\|\(|\[|:\s*(?<weight>[+-]?[.\d]+)\s*\)|\)|\]|[^\\()\[\]:]+|:", RegexOptions.CultureInvariant)]
    private static partial Regex Token();

    [GeneratedRegex(@"\s*\bBREAK\b\s*", RegexOptions.CultureInvariant)]
    private static partial Regex BreakKeyword();
}
