using System.Globalization;
using System.Text.RegularExpressions;
using DiffusionBot.Diffusion.Lora;

namespace DiffusionBot.Chat.Prompts;

/// <summary>
/// LoRAs in a prompt: A1111's <c>&lt;lora:name:0.8&gt;</c> anywhere in the text (taken out, so the text
/// encoder never sees it) and <c>--lora name:0.8</c>. The weight is optional (1) in both.
/// </summary>
internal static partial class PromptLoras
{
    public const float MaxWeight = 4;

    /// <summary>Removes every <c>&lt;lora:…&gt;</c> tag from <paramref name="text"/>, adding what it names to <paramref name="loras"/>.</summary>
    public static string Extract(string text, List<LoraSpec> loras)
    {
        var cleaned = Tag().Replace(text, match =>
        {
            loras.Add(Parse(match.Groups["value"].Value, "<lora:…>"));
            return " ";
        });
        return cleaned.Length == text.Length && loras.Count == 0 ? text : Spaces().Replace(cleaned, " ").Trim();
    }

    /// <summary><c>name</c> or <c>name:weight</c> (A1111's third field, a separate text-encoder weight, is not supported).</summary>
    public static LoraSpec Parse(string value, string written)
    {
        var parts = value.Trim().Split(':');
        if (parts.Length > 2 || parts[0].Trim().Length == 0)
        {
            throw new PromptFlagException($"{written} takes a LoRA name and an optional weight, for example --lora name:0.8 or <lora:name:0.8> (you wrote '{PromptSpecValidator.Echo(value)}').");
        }

        var weight = 1f;
        if (parts.Length == 2 && !float.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out weight))
        {
            throw new PromptFlagException($"{written}: the LoRA weight must be a number, for example {parts[0].Trim()}:0.8 (you wrote '{PromptSpecValidator.Echo(parts[1])}').");
        }

        return new LoraSpec(parts[0].Trim(), weight);
    }

    [GeneratedRegex(@"<lora:(?<value>[^<>]*)>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s{2,}")]
    private static partial Regex Spaces();
}
