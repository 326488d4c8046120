using System.Numerics;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// Writes the demo model: a diffusers/Optimum ONNX Stable Diffusion folder whose UNet is an
/// analytic denoiser over a few known images, so a correct pipeline paints what the prompt names
/// ("red" a red field, "blue circle" a blue disc) and a wrong one visibly does not.
/// </summary>
public static class DemoModelForge
{
    /// <summary>The text embedding width (SD1.x uses 768; nothing may assume it).</summary>
    public const int HiddenSize = 32;

    /// <summary>The folder, relative to the models root, where the bot keeps the demo.</summary>
    public const string DefaultFolderName = "demo";

    /// <summary>Everything the demo can paint, in the order of the text embedding's dimensions.</summary>
    public static IReadOnlyList<DemoConcept> Concepts => DemoConceptCatalog.All;

    /// <summary>The colour words the prompt understands besides "circle" and "disc".</summary>
    public static IReadOnlyList<string> ColorWords { get; } = [.. DemoConceptCatalog.Colors.Select(c => c.Word)];

    /// <summary>The decoded colour, in [-1, 1], of a colour word's field.</summary>
    public static Vector3 ColorOf(string colorWord)
    {
        foreach (var (word, rgb) in DemoConceptCatalog.Colors)
        {
            if (word == colorWord)
            {
                return rgb;
            }
        }

        throw new ArgumentException($"'{colorWord}' is not a demo colour.", nameof(colorWord));
    }

    /// <summary>Writes the model into <paramref name="folder"/>; the same options give the same bytes.</summary>
    public static void Write(string folder, DemoModelOptions? options = null)
    {
        options ??= new DemoModelOptions();
        Directory.CreateDirectory(folder);
        PipelineConfigFiles.WriteModelIndex(folder, withSafetyChecker: false);
        PipelineConfigFiles.WriteScheduler(folder, options.PredictionType);
        PipelineConfigFiles.WriteVaeDecoderConfig(folder);
        TokenizerFolder.Write(Path.Combine(folder, "tokenizer"), openClipPad: false);
        OnnxModelFile.Write(DemoTextEncoderGraph.Build(HiddenSize), Path.Combine(folder, "text_encoder", "model.onnx"));
        OnnxModelFile.Write(DemoUnetGraph.Build(options, HiddenSize), Path.Combine(folder, "unet", "model.onnx"));
        if (options.Inpainting)
        {
            PipelineConfigFiles.WriteUnetConfig(folder, [32], HiddenSize, inChannels: DemoLatentSpace.Channels + Models.Unet.InpaintChannels);
        }

        OnnxModelFile.Write(DemoVaeGraphs.BuildDecoder(), Path.Combine(folder, "vae_decoder", "model.onnx"));
        OnnxModelFile.Write(DemoVaeGraphs.BuildEncoder(), Path.Combine(folder, "vae_encoder", "model.onnx"));
        DemoLoraForge.Write(Path.Combine(folder, "loras", DemoLoraForge.Name + Lora.SafetensorsFile.Extension));
        DemoEmbeddingForge.Write(Path.Combine(folder, Embeddings.EmbeddingLibrary.FolderName, DemoEmbeddingForge.Name + Lora.SafetensorsFile.Extension));
    }
}
