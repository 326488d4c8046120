using System.Net;
using System.Text.RegularExpressions;

namespace DiffusionBot.Diffusion.Text;

/// <summary>CLIP's <c>whitespace_clean(basic_clean(text)).lower()</c>.</summary>
internal static partial class ClipTextCleaner
{
    public static string Clean(string text)
    {
        // ftfy.fix_text has no .NET port: only the html.unescape ×2 and whitespace part of basic_clean
        // is reproduced. Mojibake stays as typed, and so does decomposed text (fix_text's NFC),
        // since string.Normalize does nothing under InvariantGlobalization.
        var unescaped = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text));
        return Whitespace().Replace(unescaped, " ").Trim().ToLowerInvariant();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
