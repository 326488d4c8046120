using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Forge;

/// <summary>SDXL base's real architecture at 1/8 of its width: diffusers' and transformers' names, and the engine runs it as SDXL.</summary>
public sealed class SdxlArchitectureTests(SdxlArchitectureTests.EighthWidthModel model) : IClassFixture<SdxlArchitectureTests.EighthWidthModel>
{
    private const string Name = "sdxl-w8";

    [Fact]
    public void Write_HasSdxlsBlocksDepthsAndAddedEmbedding_UnderDiffusersNames()
    {
        var unet = Load("unet");
        var weights = unet.Graph.Initializer.Select(t => t.Name).ToHashSet();

        // No attention in down block 0 and up block 2; 2 transformer blocks per attention at 640, 10 at 1280 and in the mid block.
        Assert.DoesNotContain(weights, w => w.StartsWith("down_blocks.0.attentions.", StringComparison.Ordinal));
        Assert.DoesNotContain(weights, w => w.StartsWith("up_blocks.2.attentions.", StringComparison.Ordinal));
        Assert.Equal((2 * 2) + (2 * 10) + 10 + (3 * 10) + (3 * 2), weights.Count(w => w.EndsWith(".attn2.to_k.weight", StringComparison.Ordinal)));
        Assert.Contains("mid_block.attentions.0.transformer_blocks.9.ff.net.2.bias", weights);
        Assert.Contains("add_embedding.linear_1.bias", weights);
        Assert.Equal([256L, 160], Dims(unet, "down_blocks.2.attentions.0.transformer_blocks.0.attn2.to_k.weight"));
        Assert.Equal(["sample", "timestep", "encoder_hidden_states", "text_embeds", "time_ids"], unet.Graph.Input.Select(i => i.Name));
        Assert.Equal(((6 * 32) + 160) * 160, unet.Graph.Initializer.Single(t => t.Name == "add_embedding.linear_1.weight").Dims.Aggregate(1L, (a, b) => a * b));
    }

    [Fact]
    public void Write_GivesBothEncodersPerLayerOutputs_AndBigGItsProjection()
    {
        var first = Load("text_encoder");
        var second = Load("text_encoder_2");

        Assert.Contains("hidden_states.12", first.Graph.Output.Select(o => o.Name));
        Assert.Equal(32, second.Graph.Initializer.Count(t => t.Name.EndsWith(".self_attn.q_proj.weight", StringComparison.Ordinal)));
        Assert.Equal("text_embeds", second.Graph.Output[0].Name);
        Assert.Contains("hidden_states.32", second.Graph.Output.Select(o => o.Name));
        Assert.Equal([160L, 640], Dims(second, "text_model.encoder.layers.0.mlp.fc1.weight"));
    }

    [Fact]
    public void Generate_RunsTextAndImageToImage_AsSdxl()
    {
        using var catalog = new ModelCatalog(model.Root, new SessionFactory("cpu"));
        var opened = catalog.Open(Name);
        var pipeline = new DiffusionPipeline(opened, new EngineOptions());
        GenerationRequest Request(byte[]? init) => new()
        {
            Prompt = "a red fox",
            NegativePrompt = "blurry",
            Width = 64,
            Height = 64,
            Steps = 2,
            GuidanceScale = 5f,
            Seed = 3,
            InitImage = init,
            Strength = 0.5f,
        };

        var text = pipeline.Generate(Request(null));
        var image = pipeline.Generate(Request(text.Images[0].Png));

        Assert.NotNull(opened.TextEncoder2);
        Assert.Equal((1024, 1024), (opened.Defaults.Width, opened.Defaults.Height));
        Assert.Equal((64, 64), (ImageStats.Of(text.Images[0].Png).Width, ImageStats.Of(text.Images[0].Png).Height));
        Assert.NotEqual(text.Images[0].Png, image.Images[0].Png);
    }

    [Fact]
    public void Write_RefusesADivisorThatSplitsAttentionHeads()
    {
        using var folder = new TempModelFolder();

        Assert.Throws<ArgumentOutOfRangeException>(() => SdxlModelForge.Write(folder.Path, widthDivisor: 5));
    }

    private Onnx.ModelProto Load(string part) => model.Load(part);

    private static long[] Dims(Onnx.ModelProto model, string initializer) => ForgedArchitecture.Dims(model, initializer);

    /// <summary>One forged model shared by the tests of this class (forging takes seconds).</summary>
    public sealed class EighthWidthModel() : ForgedArchitecture(SdxlArchitectureTests.Name, folder => SdxlModelForge.Write(folder, widthDivisor: 8));
}
