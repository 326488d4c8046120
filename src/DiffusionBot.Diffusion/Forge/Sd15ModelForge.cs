namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// Writes SD 1.5's real architecture (UNet2DConditionModel, CLIP ViT-L text encoder, AutoencoderKL)
/// with deterministic random weights in the Optimum folder layout, so speed and memory can be
/// measured on the graph users run. Names follow the diffusers/transformers module paths.
/// </summary>
public static class Sd15ModelForge
{
    /// <summary>The architecture name <c>forge --arch</c> takes.</summary>
    public const string ArchitectureName = "sd15";

    /// <summary>Protobuf cannot serialize a message past 2 GB; a larger model keeps its weights in <c>model.onnx_data</c>.</summary>
    public const long MaxInlineBytes = 2L * 1024 * 1024 * 1024 - (64 * 1024 * 1024);

    /// <summary>Writes the model into <paramref name="folder"/>; the same divisor and seed give the same bytes.</summary>
    /// <param name="widthDivisor">1 for SD 1.5's widths; N keeps the topology with 1/N of every width.</param>
    public static void Write(string folder, int widthDivisor = 1, int seed = TinyModelOptions.DefaultSeed) =>
        Write(folder, widthDivisor, seed, (_, model) => model);

    /// <summary>Writes the model with its text encoder and UNet in float16 (<see cref="HalfPrecision"/>) when <paramref name="halfPrecision"/> is set.</summary>
    public static void Write(string folder, int widthDivisor, int seed, bool halfPrecision) =>
        Write(folder, widthDivisor, seed, halfPrecision ? HalfPrecision.ForPart : (_, model) => model);

    /// <summary>Writes the model with <paramref name="transform"/> applied to each part (by folder name) before it is saved.</summary>
    internal static void Write(string folder, int widthDivisor, int seed, Func<string, Onnx.ModelProto, Onnx.ModelProto> transform)
    {
        var dimensions = Sd15Dimensions.For(widthDivisor);
        Directory.CreateDirectory(folder);
        PipelineConfigFiles.WriteModelIndex(folder, withSafetyChecker: false);
        PipelineConfigFiles.WriteScheduler(folder, PipelineConfigFiles.Epsilon);
        PipelineConfigFiles.WriteVaeDecoderConfig(folder);
        PipelineConfigFiles.WriteUnetConfig(folder, dimensions.UnetBlocks, dimensions.ClipHidden);
        TokenizerFolder.Write(Path.Combine(folder, "tokenizer"), openClipPad: false);

        // One generator per part: each part's weights depend only on the seed and the divisor.
        Save(transform("text_encoder", Sd15TextEncoderGraph.Build(dimensions, new TinyWeights(seed))), folder, "text_encoder");
        Save(transform("unet", Sd15UnetGraph.Build(dimensions, new TinyWeights(seed + 1))), folder, "unet");
        Save(transform("vae_decoder", Sd15VaeGraphs.BuildDecoder(dimensions, new TinyWeights(seed + 2))), folder, "vae_decoder");
        Save(transform("vae_encoder", Sd15VaeGraphs.BuildEncoder(dimensions, new TinyWeights(seed + 3))), folder, "vae_encoder");
    }

    internal static void Save(Onnx.ModelProto model, string folder, string part)
    {
        var bytes = model.Graph.Initializer.Sum(t => (long)t.RawData.Length);
        OnnxModelFile.Write(model, Path.Combine(folder, part, "model.onnx"), externalWeights: bytes > MaxInlineBytes);
    }
}
