using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Forge;

/// <summary>SD 1.5's real architecture at a quarter of its width: diffusers' names, and the engine runs it end to end.</summary>
public sealed class Sd15ArchitectureTests(Sd15ArchitectureTests.QuarterWidthModel model) : IClassFixture<Sd15ArchitectureTests.QuarterWidthModel>
{
    private const string Name = "sd15-w4";

    [Fact]
    public void Write_NamesUnetNodesAndWeights_ByDiffusersModulePaths()
    {
        var unet = Load("unet");
        var nodes = unet.Graph.Node.Select(n => n.Name).ToHashSet();
        var weights = unet.Graph.Initializer.Select(t => t.Name).ToHashSet();

        Assert.Contains("/down_blocks.0/attentions.0/transformer_blocks.0/attn1/to_q/MatMul", nodes);
        Assert.Contains("/up_blocks.3/attentions.2/transformer_blocks.0/ff/net.0/proj/MatMul", nodes);
        Assert.Contains("down_blocks.0.resnets.0.conv1.weight", weights);
        Assert.Contains("down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q.weight", weights);
        Assert.Contains("mid_block.attentions.0.transformer_blocks.0.attn2.to_k.weight", weights);
        Assert.Contains("time_embedding.linear_2.bias", weights);

        // 2 resnets in each of 4 down blocks, 2 in the mid block, 3 in each of 4 up blocks; attention everywhere but the lowest level.
        Assert.Equal(22, weights.Count(w => w.EndsWith(".conv1.weight", StringComparison.Ordinal)));
        Assert.Equal(16, weights.Count(w => w.EndsWith(".attn2.to_k.weight", StringComparison.Ordinal)));
        Assert.Equal([192L, 80], Dims(unet, "down_blocks.0.attentions.0.transformer_blocks.0.attn2.to_k.weight"));
    }

    [Fact]
    public void Write_NamesTextEncoderAndVae_ByTransformersAndDiffusersModulePaths()
    {
        var text = Load("text_encoder").Graph.Initializer.Select(t => t.Name).ToHashSet();
        var decoder = Load("vae_decoder").Graph.Initializer.Select(t => t.Name).ToHashSet();
        var encoder = Load("vae_encoder").Graph.Initializer.Select(t => t.Name).ToHashSet();

        Assert.Equal(12, text.Count(w => w.EndsWith(".self_attn.q_proj.weight", StringComparison.Ordinal)));
        Assert.Contains("text_model.final_layer_norm.weight", text);
        Assert.Contains("text_model.embeddings.token_embedding.weight", text);
        Assert.Contains("decoder.mid_block.attentions.0.to_q.weight", decoder);
        Assert.Equal(12, decoder.Count(w => w.StartsWith("decoder.up_blocks.", StringComparison.Ordinal) && w.EndsWith(".conv1.weight", StringComparison.Ordinal)));
        Assert.Contains("encoder.down_blocks.3.resnets.1.conv2.weight", encoder);
        Assert.Contains("quant_conv.weight", encoder);
    }

    [Fact]
    public void Generate_RunsTextAndImageToImage_WithGuidance()
    {
        using var catalog = new ModelCatalog(model.Root, new SessionFactory("cpu"));
        var pipeline = new DiffusionPipeline(catalog.Open(Name), new EngineOptions());
        GenerationRequest Request(byte[]? init) => new()
        {
            Prompt = "a red fox",
            NegativePrompt = "blurry",
            Width = 64,
            Height = 64,
            Steps = 2,
            GuidanceScale = 7.5f,
            Seed = 3,
            InitImage = init,
            Strength = 0.5f,
        };

        var text = pipeline.Generate(Request(null));
        var again = pipeline.Generate(Request(null));
        var image = pipeline.Generate(Request(text.Images[0].Png));

        Assert.Equal((64, 64), (ImageStats.Of(text.Images[0].Png).Width, ImageStats.Of(text.Images[0].Png).Height));
        Assert.Equal((64, 64), (ImageStats.Of(image.Images[0].Png).Width, ImageStats.Of(image.Images[0].Png).Height));
        Assert.Equal(text.Images[0].Png, again.Images[0].Png);
        Assert.NotEqual(text.Images[0].Png, image.Images[0].Png);
    }

    [Fact]
    public void Write_RefusesADivisorThatSplitsAttentionHeads()
    {
        using var folder = new TempModelFolder();

        Assert.Throws<ArgumentOutOfRangeException>(() => Sd15ModelForge.Write(folder.Path, widthDivisor: 3));
    }

    private Onnx.ModelProto Load(string part) => model.Load(part);

    private static long[] Dims(Onnx.ModelProto model, string initializer) => ForgedArchitecture.Dims(model, initializer);

    /// <summary>One forged model shared by the tests of this class (forging takes seconds).</summary>
    public sealed class QuarterWidthModel() : ForgedArchitecture(Sd15ArchitectureTests.Name, folder => Sd15ModelForge.Write(folder, widthDivisor: 4));
}
