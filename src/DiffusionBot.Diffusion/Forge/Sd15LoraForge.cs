using DiffusionBot.Diffusion.Lora;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// SD 1.5's architecture (exported the way torch.onnx does: linear weights renamed <c>onnx::MatMul_N</c>)
/// with one set of random LoRA deltas written as a kohya file and a PEFT file in its <c>loras/</c>
/// folder, and a second copy of the model with the same deltas baked into its weights at weight 1.
/// </summary>
public static class Sd15LoraForge
{
    public const string KohyaName = "forged-kohya";
    public const string PeftName = "forged-peft";

    /// <summary>How large the forged deltas are next to the weights they change (1 ≈ as large).</summary>
    private const float Strength = 0.3f;

    public static void Write(string modelFolder, string bakedFolder, int widthDivisor = 4, int seed = TinyModelOptions.DefaultSeed)
    {
        var modules = new List<ForgedLoraModule>();
        var weights = new TinyWeights(seed + 100);
        Sd15ModelForge.Write(modelFolder, widthDivisor, seed, (part, model) =>
        {
            var forged = part switch
            {
                "unet" => ForgedLora.Create(model, LoraPart.Unet, IsUnetTarget, weights, Strength),
                "text_encoder" => ForgedLora.Create(model, LoraPart.TextEncoder, IsTextTarget, weights, Strength),
                _ => [],
            };
            modules.AddRange(forged);
            return ForgedLora.AnonymizeLinearWeights(model);
        });
        var loras = Path.Combine(modelFolder, "loras");
        ForgedLora.WriteKohya(Path.Combine(loras, KohyaName + SafetensorsFile.Extension), modules);
        ForgedLora.WritePeft(Path.Combine(loras, PeftName + SafetensorsFile.Extension), modules);

        Sd15ModelForge.Write(bakedFolder, widthDivisor, seed, (part, model) =>
        {
            ForgedLora.Bake(model, modules.Where(m => PartName(m.Part) == part), 1f);
            return ForgedLora.AnonymizeLinearWeights(model);
        });
    }

    private static string PartName(LoraPart part) => part == LoraPart.Unet ? "unet" : "text_encoder";

    /// <summary>What kohya's sd-scripts trains on SD 1.x (attention and feed-forward linears, resnet convolutions, proj_in/out).</summary>
    private static bool IsUnetTarget(string weight) =>
        weight.Contains(".attn1.", StringComparison.Ordinal) || weight.Contains(".attn2.", StringComparison.Ordinal)
        || weight.Contains(".ff.net.", StringComparison.Ordinal) || weight.Contains(".proj_in.", StringComparison.Ordinal)
        || weight.Contains(".proj_out.", StringComparison.Ordinal) || weight.Contains(".conv1.", StringComparison.Ordinal)
        || weight.Contains(".conv2.", StringComparison.Ordinal) || weight.Contains(".time_emb_proj.", StringComparison.Ordinal);

    private static bool IsTextTarget(string weight) =>
        weight.Contains(".self_attn.", StringComparison.Ordinal) || weight.Contains(".mlp.", StringComparison.Ordinal);
}
