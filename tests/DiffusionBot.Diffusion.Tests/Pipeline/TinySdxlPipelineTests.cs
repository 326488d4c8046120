using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Forge;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>Every SDXL exporter convention Forge writes runs text-to-image and image-to-image; broken folders get one line.</summary>
public sealed class TinySdxlPipelineTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("diffusionbot-tiny-xl-").FullName;

    public static TheoryData<string> Variants => TinySdxlVariants.Names;

    [Theory]
    [MemberData(nameof(Variants))]
    public void Generate_RunsTextAndImageToImage_ForEverySdxlVariant(string variant)
    {
        var options = TinySdxlVariants.All[variant];
        TinyModelForge.Write(Path.Combine(_root, variant), options);
        using var catalog = new ModelCatalog(_root, new SessionFactory("cpu"));
        var model = catalog.Open(variant);
        var pipeline = new DiffusionPipeline(model, new EngineOptions());
        var sampler = options.LcmTimestepCond ? "lcm" : "euler";

        var text = pipeline.Generate(new GenerationRequest { Prompt = "a red fox", Width = 64, Height = 64, Steps = 3, Count = 2, Seed = 5, Sampler = sampler });
        var other = pipeline.Generate(new GenerationRequest { Prompt = "a red fox", NegativePrompt = "blurry", Width = 64, Height = 64, Steps = 3, Count = 2, Seed = 5, Sampler = sampler });
        var image = pipeline.Generate(new GenerationRequest { Prompt = "a red fox", InitImage = text.Images[0].Png, Strength = 0.6f, Width = 64, Height = 64, Steps = 4, Seed = 5, Sampler = sampler });
        var again = pipeline.Generate(new GenerationRequest { Prompt = "a red fox", InitImage = text.Images[0].Png, Strength = 0.6f, Width = 64, Height = 64, Steps = 4, Seed = 5, Sampler = sampler });

        Assert.Equal("SDXL", model.Family);
        Assert.Equal(2, text.Images.Count);
        Assert.All(text.Images.Concat(image.Images), i => Assert.Equal((64, 64), (ImageStats.Of(i.Png).Width, ImageStats.Of(i.Png).Height)));
        Assert.Equal(image.Images[0].Png, again.Images[0].Png);

        // An LCM UNet is unguided, so the negative prompt is never encoded; otherwise a typed negative replaces the zeros.
        if (!options.LcmTimestepCond)
        {
            Assert.NotEqual(text.Images[0].Png, other.Images[0].Png);
        }
    }

    [Fact]
    public void Open_NamesTheFile_WhenTokenizer2IsMissing()
    {
        var folder = Path.Combine(_root, "no-tokenizer-2");
        TinyModelForge.Write(folder, TinySdxlVariants.All["sdxl-optimum-new"]);
        Directory.Delete(Path.Combine(folder, "tokenizer_2"), recursive: true);

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Open(folder, new SessionFactory("cpu")));

        Assert.EndsWith(Path.Combine("tokenizer_2", "vocab.json"), error.File, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Open_NamesTheUnet_WhenTheSecondEncodersWidthDoesNotAddUp()
    {
        var folder = Path.Combine(_root, "mismatched");
        var wider = Path.Combine(_root, "wider");
        TinyModelForge.Write(folder, TinySdxlVariants.All["sdxl-optimum-old"]);
        TinyModelForge.Write(wider, TinySdxlVariants.All["sdxl-optimum-old"] with { HiddenSize = 64 });
        File.Copy(Path.Combine(wider, "text_encoder_2", "model.onnx"), Path.Combine(folder, "text_encoder_2", "model.onnx"), overwrite: true);

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Open(folder, new SessionFactory("cpu")));

        Assert.EndsWith(Path.Combine("unet", "model.onnx"), error.File, StringComparison.Ordinal);
        Assert.Contains("expects hidden size 112 but the text encoders produce 48 + 80 = 128", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Open_NamesTheMissingSecondEncoder_WhenTheUnetTakesAddedConditioning()
    {
        var folder = Path.Combine(_root, "no-encoder-2");
        TinyModelForge.Write(folder, TinySdxlVariants.All["sdxl-optimum-old"]);
        Directory.Delete(Path.Combine(folder, "text_encoder_2"), recursive: true);

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Open(folder, new SessionFactory("cpu")));

        Assert.EndsWith(Path.Combine("text_encoder_2", "model.onnx"), error.File, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
