using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Forge;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>Every exporter convention Forge can write runs text-to-image and image-to-image end to end.</summary>
public sealed class TinyModelPipelineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("diffusionbot-tiny-").FullName;

    public static TheoryData<string> Variants => TinyModelVariants.Names;

    [Theory]
    [MemberData(nameof(Variants))]
    public void Generate_RunsTextAndImageToImage_ForEveryVariant(string variant)
    {
        var options = TinyModelVariants.All[variant];
        TinyModelForge.Write(Path.Combine(_root, variant), options);
        using var catalog = new ModelCatalog(_root, new SessionFactory("cpu"));
        var pipeline = new DiffusionPipeline(catalog.Open(variant), new EngineOptions());
        var sampler = options.LcmTimestepCond ? "lcm" : "euler_a";

        var text = pipeline.Generate(new GenerationRequest { Prompt = "a red fox", NegativePrompt = "blurry", Width = 64, Height = 64, Steps = 3, Count = 2, Seed = 5, Sampler = sampler });
        var image = pipeline.Generate(new GenerationRequest { Prompt = "a red fox", InitImage = text.Images[0].Png, Strength = 0.6f, Width = 64, Height = 64, Steps = 4, Seed = 5, Sampler = sampler });
        var again = pipeline.Generate(new GenerationRequest { Prompt = "a red fox", InitImage = text.Images[0].Png, Strength = 0.6f, Width = 64, Height = 64, Steps = 4, Seed = 5, Sampler = sampler });
        var fromDark = pipeline.Generate(new GenerationRequest { Prompt = "a red fox", InitImage = SolidPng(20, 20, 20), Strength = 0.3f, Width = 64, Height = 64, Steps = 4, Seed = 5, Sampler = sampler });
        var fromLight = pipeline.Generate(new GenerationRequest { Prompt = "a red fox", InitImage = SolidPng(235, 235, 235), Strength = 0.3f, Width = 64, Height = 64, Steps = 4, Seed = 5, Sampler = sampler });

        Assert.Equal(2, text.Images.Count);
        Assert.All(text.Images.Concat(image.Images), i => Assert.Equal((64, 64), (ImageStats.Of(i.Png).Width, ImageStats.Of(i.Png).Height)));
        Assert.Equal(image.Images[0].Png, again.Images[0].Png);

        // Same prompt, seed and strength: only the init image differs, so an ignored init image gives equal results.
        // The safety-checker variant may flag and blank both whatever their init images were; every other one must differ.
        if (!options.SafetyChecker)
        {
            Assert.NotEqual(fromDark.Images[0].Png, fromLight.Images[0].Png);
        }
    }

    private static byte[] SolidPng(byte r, byte g, byte b)
    {
        using var image = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(64, 64, new SixLabors.ImageSharp.PixelFormats.Rgb24(r, g, b));
        using var stream = new MemoryStream();
        SixLabors.ImageSharp.ImageExtensions.SaveAsPng(image, stream);
        return stream.ToArray();
    }

    [Fact]
    public void Generate_ReportsAndBlanksFlaggedImages_WhenTheSafetyCheckerFlagsThem()
    {
        TinyModelForge.Write(Path.Combine(_root, "strict"), new TinyModelOptions { SafetyChecker = true, NsfwThreshold = -1f });
        using var catalog = new ModelCatalog(_root, new SessionFactory("cpu"));
        var pipeline = new DiffusionPipeline(catalog.Open("strict"), new EngineOptions());

        var result = pipeline.Generate(new GenerationRequest { Prompt = "anything", Width = 64, Height = 64, Steps = 2 });

        Assert.True(result.Images[0].NsfwFlagged);
        Assert.True(ImageStats.Of(result.Images[0].Png).Mean.IsBlack);
    }

    [Fact]
    public void Open_AdaptsToTheDeclaredTypes_OfAnFp16Int64Model()
    {
        TinyModelForge.Write(Path.Combine(_root, "fp16"), TinyModelVariants.All["optimum-old"] with { FloatType = TinyFloatType.Float16 });
        using var catalog = new ModelCatalog(_root, new SessionFactory("cpu"));

        var model = catalog.Open("fp16");

        Assert.Equal(48, model.TextEncoder.HiddenSize);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16, model.Unet.Sample.ElementType);
        Assert.Equal(Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64, model.Unet.Timestep.ElementType);
        Assert.True(model.VaeEncoder!.ReturnsDistribution);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
