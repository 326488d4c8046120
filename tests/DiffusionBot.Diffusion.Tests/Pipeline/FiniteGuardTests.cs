using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Forge;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

public sealed class FiniteGuardTests
{
    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void Latents_Refuses_WhenAValueIsNotFinite(float bad)
    {
        var error = Assert.Throws<InvalidRequestException>(() => FiniteGuard.Latents([0.5f, bad, -0.5f]));

        Assert.Contains("NaN/Inf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pixels_NamesTheFp16Vae_WhenAHalfPrecisionDecoderOverflowed()
    {
        var half = Assert.Throws<InvalidRequestException>(() => FiniteGuard.Pixels([float.PositiveInfinity], halfPrecisionVae: true));
        var full = Assert.Throws<InvalidRequestException>(() => FiniteGuard.Pixels([float.NaN], halfPrecisionVae: false));

        Assert.Contains("fp16 VAE decoder overflowed", half.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("fp16", full.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Pixels_Passes_WhenEveryValueIsFinite() =>
        FiniteGuard.Pixels([-1f, 0f, 1f, float.MaxValue], halfPrecisionVae: true);

    // An fp16 decoder whose activations pass 65504 returns ±Inf, as SD's VAE does in half precision; the pipeline
    // must answer that instead of posting the black image those pixels clamp to.
    [Fact]
    public void Generate_Refuses_WhenAnFp16VaeDecoderOverflows()
    {
        using var folder = new TempModelFolder();
        var options = new TinyModelOptions { FloatType = TinyFloatType.Float16 };
        TinyModelForge.Write(folder.File("fp16"), options);
        OnnxModelFile.Write(OverflowingDecoder(options), folder.File("fp16", "vae_decoder", "model.onnx"));
        using var catalog = new ModelCatalog(folder.Path, new SessionFactory("cpu"));
        var pipeline = new DiffusionPipeline(catalog.Open("fp16"), new EngineOptions());

        var error = Assert.Throws<InvalidRequestException>(() => pipeline.Generate(new GenerationRequest { Prompt = "a red fox", Width = 64, Height = 64, Steps = 2, Sampler = "euler" }));

        Assert.Contains("fp16 VAE decoder overflowed", error.Message, StringComparison.Ordinal);
    }

    private static Onnx.ModelProto OverflowingDecoder(TinyModelOptions options)
    {
        var g = new OnnxGraphBuilder("overflowing_vae_decoder");
        var latent = g.InputAsFloat("latent_sample", options.Floats(), "batch", 4, "height", "width");
        var rgb = g.Node("Conv", [latent, g.Floats([.. Enumerable.Repeat(1f, 12)], 3, 4, 1, 1)]);
        var huge = g.Mul(g.Add(rgb, g.Scalar(100f)), g.Scalar(1e6f));
        var image = g.Node("Resize", [huge, "", g.Floats([1f, 1f, 8f, 8f], 4)], OnnxGraphBuilder.String("mode", "nearest"));
        g.OutputFromFloat("sample", image, options.Floats(), "batch", 3, "image_height", "image_width");
        return g.Build();
    }
}
