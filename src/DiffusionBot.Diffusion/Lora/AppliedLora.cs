using System.Globalization;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>A LoRA merged into a pipeline's sessions, as the PNG <c>parameters</c> record it.</summary>
public sealed record AppliedLora(string Name, float Weight, string ShortHash)
{
    /// <summary>A1111's prompt form (<c>&lt;lora:name:0.8&gt;</c>) appended to the prompt, and its <c>Lora hashes</c> field.</summary>
    public static (string PromptSuffix, string ParametersSuffix) Describe(IReadOnlyList<AppliedLora> loras)
    {
        if (loras.Count == 0)
        {
            return ("", "");
        }

        var tags = string.Join(' ', loras.Select(l => $"<lora:{l.Name}:{l.Weight.ToString("0.###", CultureInfo.InvariantCulture)}>"));
        var hashes = string.Join(", ", loras.DistinctBy(l => l.Name).Select(l => $"{l.Name}: {l.ShortHash}"));
        return (" " + tags, $", Lora hashes: \"{hashes}\"");
    }
}
