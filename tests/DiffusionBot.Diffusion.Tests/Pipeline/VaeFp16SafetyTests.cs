using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Forge;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>
/// SDXL's VAE overflows in fp16: with an fp32 decoder or an fp16-fixed one in the folder the picture comes out right,
/// and without either the request gets one line instead of a black image.
/// </summary>
public sealed class VaeFp16SafetyTests : IDisposable
{
    private readonly TempModelFolder _root = new();
    private readonly List<ModelCatalog> _catalogs = [];

    [Fact]
    public void Generate_DecodesInFp32_WhenTheConfigSaysForceUpcastAndAnFp32DecoderIsThere()
    {
        var pipeline = Open("upcast", folder =>
        {
            SdxlDemoVaeVariants.WriteOverflowingFp16Decoder(folder, forceUpcast: true);
            SdxlDemoVaeVariants.WriteFp32Decoder(folder);
        });

        using var run = new Microsoft.ML.OnnxRuntime.RunOptions();

        // Mid-grey stays inside fp16's range, so only force_upcast sends it to the fp32 decoder.
        var grey = pipeline.Model.Vae.Decode(Latents(new System.Numerics.Vector3(0, 0, 0)), 1, 4, 2, 2, run);
        var mean = ImageStats.Of(Red(pipeline).Images[0].Png).Mean;

        Assert.Equal(VaeDecoding.Fp32Folder, grey.Folder);
        Assert.True(pipeline.Model.Vae.ForceUpcast);
        Assert.True(pipeline.Model.VaeDecoder.IsHalfPrecision);
        Assert.True(mean.IsRed, $"mean {mean}");
    }

    [Fact]
    public void Decode_RetriesInFp32_WhenTheFp16DecoderOverflowsWithoutForceUpcast()
    {
        var pipeline = Open("retry", folder =>
        {
            SdxlDemoVaeVariants.WriteOverflowingFp16Decoder(folder, forceUpcast: false);
            SdxlDemoVaeVariants.WriteFp32Decoder(folder);
        });
        var latents = Latents(new System.Numerics.Vector3(1, -1, -1));

        using var run = new Microsoft.ML.OnnxRuntime.RunOptions();
        var decoded = pipeline.Model.Vae.Decode(latents, 1, 4, 2, 2, run);
        var mean = ImageStats.Of(Red(pipeline).Images[0].Png).Mean;

        Assert.False(pipeline.Model.Vae.ForceUpcast);
        Assert.Equal(VaeDecoding.Fp32Folder, decoded.Folder);
        Assert.All(decoded.Pixels, p => Assert.True(float.IsFinite(p)));
        Assert.True(mean.IsRed, $"mean {mean}");
    }

    [Fact]
    public void Generate_UsesTheFp16FixedDecoder_WhenTheFolderHasOne()
    {
        var pipeline = Open("fixed", folder =>
        {
            SdxlDemoVaeVariants.WriteOverflowingFp16Decoder(folder, forceUpcast: true);
            SdxlDemoVaeVariants.WriteFp16FixDecoder(folder);
        });

        var mean = ImageStats.Of(Red(pipeline).Images[0].Png).Mean;

        Assert.Equal(VaeDecoding.Fp16FixFolder, pipeline.Model.Vae.DecoderFolderName);
        Assert.True(pipeline.Model.VaeDecoder.IsHalfPrecision);
        Assert.False(pipeline.Model.Vae.ForceUpcast);
        Assert.True(mean.IsRed, $"mean {mean}");
    }

    [Fact]
    public void Generate_RefusesWithOneLineNamingTheFixes_WhenAnFp16DecoderOverflowsWithNoFallback()
    {
        var pipeline = Open("bare", folder => SdxlDemoVaeVariants.WriteOverflowingFp16Decoder(folder, forceUpcast: true));

        var error = Assert.Throws<InvalidRequestException>(() => Red(pipeline));

        Assert.DoesNotContain('\n', error.Message);
        Assert.Contains("fp16 VAE decoder overflowed", error.Message, StringComparison.Ordinal);
        Assert.Contains("vae_decoder_fp32/", error.Message, StringComparison.Ordinal);
        Assert.Contains("vae_decoder_fp16_fix/", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_RefusesAnFp32FolderThatHoldsAnFp16Decoder()
    {
        var folder = Path.Combine(_root.Path, "mislabelled");
        SdxlDemoModelForge.Write(folder);
        SdxlDemoVaeVariants.WriteFp16FixDecoder(folder);
        Directory.Move(Path.Combine(folder, VaeDecoding.Fp16FixFolder), Path.Combine(folder, VaeDecoding.Fp32Folder));
        var catalog = Catalog();

        var error = Assert.Throws<ModelFolderException>(() => catalog.Open("mislabelled"));

        Assert.Contains(Path.Combine(VaeDecoding.Fp32Folder, "model.onnx"), error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var catalog in _catalogs)
        {
            catalog.Dispose();
        }

        _root.Dispose();
    }

    private static GenerationResult Red(DiffusionPipeline pipeline) =>
        pipeline.Generate(new GenerationRequest { Prompt = "red", Seed = 3, Steps = 12, Width = 64, Height = 64, Sampler = "euler" });

    // One colour on a 2×2 latent in the demo's SDXL latent space, divided by the scaling factor as the decoder takes it.
    private static float[] Latents(System.Numerics.Vector3 rgb)
    {
        Span<float> colour = stackalloc float[4];
        DemoLatentSpace.Sdxl.ToLatent(rgb, colour);
        var latents = new float[4 * 2 * 2];
        for (var c = 0; c < 4; c++)
        {
            latents.AsSpan(c * 4, 4).Fill(colour[c] / SdxlConfigFiles.VaeScalingFactor);
        }

        return latents;
    }

    private DiffusionPipeline Open(string name, Action<string> vae)
    {
        var folder = Path.Combine(_root.Path, name);
        SdxlDemoModelForge.Write(folder);
        vae(folder);
        return new DiffusionPipeline(Catalog().Open(name), new EngineOptions());
    }

    private ModelCatalog Catalog()
    {
        var catalog = new ModelCatalog(_root.Path, new SessionFactory("cpu"));
        _catalogs.Add(catalog);
        return catalog;
    }
}
