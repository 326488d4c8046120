using System.Globalization;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>A LoRA a user asked for: its name (never a path) and weight.</summary>
public sealed record LoraSpec(string Name, float Weight)
{
    /// <summary>A1111's prompt form, <c>&lt;lora:name:0.8&gt;</c>.</summary>
    public override string ToString() => $"<lora:{Name}:{Weight.ToString("0.###", CultureInfo.InvariantCulture)}>";

    /// <summary>A canonical key for a set: names lower-cased and sorted (the merged sum does not depend on order).</summary>
    public static string KeyOf(IEnumerable<LoraSpec> loras) =>
        string.Join('|', loras.Select(l => l.Name.ToLowerInvariant() + ":" + l.Weight.ToString("R", CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal));
}
