namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// Writes the demo model in SDXL's layout (<c>tokenizer_2/</c>, <c>text_encoder_2/</c>, a UNet with
/// <c>text_embeds</c> and <c>time_ids</c>, SDXL's VAE scaling factor): the same analytic denoiser as
/// <see cref="DemoModelForge"/>, whose colours come through both encoders' penultimate layers and whose shapes come
/// through the pooled embedding, so a pipeline that embeds the prompt or fills the added conditioning wrongly paints
/// the wrong picture.
/// </summary>
public static class SdxlDemoModelForge
{
    /// <summary>The first encoder's width (CLIP ViT-L's 768 in the real model).</summary>
    public const int FirstHiddenSize = 32;

    /// <summary>The second encoder's width (OpenCLIP bigG's 1280).</summary>
    public const int SecondHiddenSize = 48;

    /// <summary>The pooled <c>text_embeds</c> width (1280 in the real model; different here so nothing assumes it).</summary>
    public const int PooledSize = 16;

    /// <summary>The LCM UNet's <c>timestep_cond</c> width.</summary>
    public const int TimestepCondSize = 256;

    public static void Write(string folder, SdxlDemoVariant variant = SdxlDemoVariant.Base, DemoModelOptions? options = null)
    {
        options ??= new DemoModelOptions();
        var refiner = variant == SdxlDemoVariant.Refiner;
        var (scheduler, spacing) = variant switch
        {
            SdxlDemoVariant.Turbo => (SdxlConfigFiles.EulerAncestral, "trailing"),
            SdxlDemoVariant.Lcm => (SdxlConfigFiles.Lcm, "leading"),
            _ => (SdxlConfigFiles.EulerDiscrete, "leading"),
        };
        Directory.CreateDirectory(folder);
        SdxlConfigFiles.WriteModelIndex(folder, refiner, scheduler, variant == SdxlDemoVariant.Turbo ? "stabilityai/sdxl-turbo" : null);
        SdxlConfigFiles.WriteScheduler(folder, scheduler, spacing);
        SdxlConfigFiles.WriteVaeConfigs(folder, forceUpcast: true);
        int? first = refiner ? null : FirstHiddenSize;
        SdxlConfigFiles.WriteUnetConfig(folder, variant == SdxlDemoVariant.Turbo ? 64 : 128, (first ?? 0) + SecondHiddenSize,
            variant == SdxlDemoVariant.Lcm ? TimestepCondSize : null, refiner);
        if (!refiner)
        {
            TokenizerFolder.Write(Path.Combine(folder, "tokenizer"), openClipPad: false);
            OnnxModelFile.Write(SdxlDemoTextEncoderGraphs.BuildFirst(FirstHiddenSize), Path.Combine(folder, "text_encoder", "model.onnx"));
        }

        TokenizerFolder.Write(Path.Combine(folder, "tokenizer_2"), openClipPad: true);
        OnnxModelFile.Write(SdxlDemoTextEncoderGraphs.BuildSecond(SecondHiddenSize, PooledSize), Path.Combine(folder, "text_encoder_2", "model.onnx"));
        var unet = SdxlDemoUnetGraph.Build(options, first, SecondHiddenSize, PooledSize, refiner, variant == SdxlDemoVariant.Lcm ? TimestepCondSize : null);
        OnnxModelFile.Write(unet, Path.Combine(folder, "unet", "model.onnx"));
        OnnxModelFile.Write(DemoVaeGraphs.BuildDecoder(SdxlConfigFiles.VaeScalingFactor, DemoLatentSpace.Sdxl), Path.Combine(folder, "vae_decoder", "model.onnx"));
        OnnxModelFile.Write(DemoVaeGraphs.BuildEncoder(SdxlConfigFiles.VaeScalingFactor, DemoLatentSpace.Sdxl), Path.Combine(folder, "vae_encoder", "model.onnx"));
    }
}
