namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// Writes SDXL 1.0 base's real architecture with deterministic random weights in Optimum's SDXL layout: the UNet
/// (320/640/1280, transformer depths 0/2/10, 64-wide heads, linear projections, context 2048, text/time added
/// embedding), CLIP ViT-L and OpenCLIP bigG text encoders with per-layer outputs (bigG with its projection to
/// <c>text_embeds</c>), and SD's AutoencoderKL with SDXL's scaling factor. <c>--width-div N</c> keeps the topology and
/// the head counts with 1/N of every width.
/// </summary>
public static class SdxlModelForge
{
    public const string ArchitectureName = "sdxl";

    /// <param name="halfPrecision">Text encoders and UNet in float16 (<see cref="HalfPrecision"/>); the VAE stays float32.</param>
    public static void Write(string folder, int widthDivisor = 1, int seed = TinyModelOptions.DefaultSeed, bool halfPrecision = false)
    {
        Func<string, Onnx.ModelProto, Onnx.ModelProto> precision = halfPrecision ? HalfPrecision.ForPart : (_, model) => model;
        if (widthDivisor < 1 || 64 % widthDivisor != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(widthDivisor), widthDivisor,
                "The width divisor must leave whole attention heads of SDXL's encoders and UNet: 1, 2, 4, 8, 16, 32 or 64.");
        }

        var n = widthDivisor;
        var vae = Sd15Dimensions.For(widthDivisor);
        var clipL = new ClipTextConfig(768 / n, 12, 12, 3072 / n, QuickGelu: true, HiddenStates: true, Projection: false);
        var bigG = new ClipTextConfig(1280 / n, 32, 20, 5120 / n, QuickGelu: false, HiddenStates: true, Projection: true);
        var unet = new UnetArchitecture([320 / n, 640 / n, 1280 / n], [0, 2, 10], 10, channels => channels * n / 64,
            LinearProjection: true, clipL.Width + bigG.Width, new AddedConditioning(256 / n, bigG.Width));

        Directory.CreateDirectory(folder);
        SdxlConfigFiles.WriteModelIndex(folder, refiner: false, SdxlConfigFiles.EulerDiscrete, null);
        SdxlConfigFiles.WriteScheduler(folder, SdxlConfigFiles.EulerDiscrete, "leading");
        SdxlConfigFiles.WriteVaeConfigs(folder, forceUpcast: true);
        SdxlConfigFiles.WriteUnetConfig(folder, 128, unet.ContextWidth, null, refiner: false);
        TokenizerFolder.Write(Path.Combine(folder, "tokenizer"), openClipPad: false);
        TokenizerFolder.Write(Path.Combine(folder, "tokenizer_2"), openClipPad: true);

        // One generator per part: each part's weights depend only on the seed and the divisor.
        Sd15ModelForge.Save(precision("text_encoder", ClipTextEncoderGraph.Build(clipL, new TinyWeights(seed))), folder, "text_encoder");
        Sd15ModelForge.Save(precision("text_encoder_2", ClipTextEncoderGraph.Build(bigG, new TinyWeights(seed + 4))), folder, "text_encoder_2");
        Sd15ModelForge.Save(precision("unet", Sd15UnetGraph.Build(unet, new TinyWeights(seed + 1))), folder, "unet");
        Sd15ModelForge.Save(Sd15VaeGraphs.BuildDecoder(vae, new TinyWeights(seed + 2)), folder, "vae_decoder");
        Sd15ModelForge.Save(Sd15VaeGraphs.BuildEncoder(vae, new TinyWeights(seed + 3)), folder, "vae_encoder");
    }
}
