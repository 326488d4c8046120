using System.Net;
using System.Text.RegularExpressions;

namespace DiffusionBot.Diffusion.Text;

/// <summary>CLIP's <c>whitespace_clean(basic_clean(text)).lower()</c>.</summary>
internal static partial class ClipTextCleaner
{
    public static string Clean(string text)
    {
        // basic_clean starts with ftfy.fix_text, which has no .NET port; only its html.unescape ×2
        // and the whitespace collapse are reproduced, so mojibake is tokenized as it is.
        var unescaped = WebUtility.HtmlDecode(WebUtility.HtmlDecode(text));
        return Whitespace().Replace(unescaped, " ").Trim().ToLowerInvariant();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
