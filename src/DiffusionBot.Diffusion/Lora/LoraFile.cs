namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// A LoRA in kohya's layout (<c>lora_unet_…</c>/<c>lora_te_…</c> + <c>.lora_down.weight</c>,
/// <c>.lora_up.weight</c>, <c>.alpha</c>) or diffusers/PEFT's (<c>unet.…</c>/<c>text_encoder.…</c> +
/// <c>.lora_A.weight</c>, <c>.lora_B.weight</c>), read into its modules.
/// </summary>
public sealed class LoraFile
{
    private const string KohyaUnet = "lora_unet_";
    private const string KohyaText = "lora_te_";
    private const string KohyaText1 = "lora_te1_";
    private const string KohyaText2 = "lora_te2_";

    private LoraFile(string name, string shortHash, IReadOnlyList<LoraModule> modules)
    {
        Name = name;
        ShortHash = shortHash;
        Modules = modules;
    }

    /// <summary>What A1111 writes in <c>Lora hashes</c> (see <see cref="SafetensorsFile.Read(string, out string)"/>).</summary>
    public string ShortHash { get; }

    /// <summary>The file name without its extension: what users call it.</summary>
    public string Name { get; }

    public IReadOnlyList<LoraModule> Modules { get; }

    public static LoraFile Read(string path)
    {
        var tensors = SafetensorsFile.Read(path, out var shortHash);
        var file = Path.GetFileName(path);
        var pairs = new Dictionary<string, (SafetensorsTensor? Down, SafetensorsTensor? Up, float? Alpha)>(StringComparer.Ordinal);
        foreach (var (key, tensor) in tensors)
        {
            var (prefix, role) = Split(key) ?? throw new LoraException($"{file}: key '{key}' is not a LoRA key (kohya lora_down/lora_up/alpha or PEFT lora_A/lora_B).");
            var pair = pairs.GetValueOrDefault(prefix);
            pairs[prefix] = role switch
            {
                "down" => pair with { Down = tensor },
                "up" => pair with { Up = tensor },
                _ => pair with { Alpha = tensor.Values.Length == 1 ? tensor.Values[0] : throw new LoraException($"{file}: '{key}' should hold one value.") },
            };
        }

        var modules = new List<LoraModule>();
        foreach (var (prefix, (down, up, alpha)) in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (down is null || up is null)
            {
                throw new LoraException($"{file}: '{prefix}' has {(down is null ? "no down (lora_down/lora_A)" : "no up (lora_up/lora_B)")} weight.");
            }

            var rank = down.Shape.Length > 0 ? down.Shape[0] : 0;
            if (rank <= 0 || up.Shape.Length < 2 || up.Shape[1] != rank || up.Count != up.Shape[0] * rank)
            {
                throw new LoraException($"{file}: '{prefix}' has up {Shape(up)} and down {Shape(down)}, which do not share a rank.");
            }

            var (part, name, kohya) = Locate(file, prefix);
            modules.Add(new LoraModule(part, name, kohya, prefix, down, up, alpha ?? rank));
        }

        return new LoraFile(Path.GetFileNameWithoutExtension(path), shortHash, modules);
    }

    private static (string Prefix, string Role)? Split(string key)
    {
        foreach (var (suffix, role) in Suffixes)
        {
            if (key.EndsWith(suffix, StringComparison.Ordinal))
            {
                return (key[..^suffix.Length], role);
            }
        }

        return null;
    }

    private static readonly (string Suffix, string Role)[] Suffixes =
    [
        (".lora_down.weight", "down"), (".lora_up.weight", "up"), (".lora_A.weight", "down"), (".lora_B.weight", "up"), (".alpha", "alpha"),
    ];

    private static (LoraPart Part, string Name, bool Kohya) Locate(string file, string prefix)
    {
        if (prefix.StartsWith(KohyaUnet, StringComparison.Ordinal))
        {
            return (LoraPart.Unet, prefix[KohyaUnet.Length..], true);
        }

        foreach (var (text, part) in new[] { (KohyaText, LoraPart.TextEncoder), (KohyaText1, LoraPart.TextEncoder), (KohyaText2, LoraPart.TextEncoder2) })
        {
            if (prefix.StartsWith(text, StringComparison.Ordinal))
            {
                return (part, prefix[text.Length..], true);
            }
        }

        foreach (var (start, part) in new[] { ("unet.", LoraPart.Unet), ("base_model.model.", LoraPart.Unet), ("text_encoder.", LoraPart.TextEncoder), ("text_encoder_2.", LoraPart.TextEncoder2) })
        {
            if (prefix.StartsWith(start, StringComparison.Ordinal))
            {
                return (part, prefix[start.Length..], false);
            }
        }

        throw new LoraException($"{file}: key '{prefix}' names no part this engine knows (lora_unet_, lora_te_, lora_te1_, lora_te2_, unet., text_encoder., text_encoder_2.).");
    }

    private static string Shape(SafetensorsTensor t) => "[" + string.Join(", ", t.Shape) + "]";
}
