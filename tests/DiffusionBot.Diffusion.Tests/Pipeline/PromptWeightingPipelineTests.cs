using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>A1111 weights, long prompts and BREAK, end to end on the demo model (which paints what the prompt names).</summary>
[Collection(DemoModelCollection.Name)]
public sealed class PromptWeightingPipelineTests(DemoModelFixture demo)
{
    private const int Size = 64;

    private static string Filler(int count) => string.Join(' ', Enumerable.Repeat("photo", count));

    private GenerationResult Generate(string prompt, long seed = 1, string negative = "", int steps = 20, DiffusionPipeline? pipeline = null) =>
        (pipeline ?? demo.Pipeline).Generate(new GenerationRequest { Prompt = prompt, NegativePrompt = negative, Seed = seed, Steps = steps, Width = Size, Height = Size, Sampler = "euler" });

    private Rgb Mean(string prompt, long seed = 1, string negative = "", DiffusionPipeline? pipeline = null) =>
        ImageStats.Of(Generate(prompt, seed, negative, pipeline: pipeline).Images[0].Png).Mean;

    private DiffusionPipeline FixedLengthModel()
    {
        var folder = Path.Combine(demo.Root, "demo-fixed77");
        lock (demo)
        {
            if (!Directory.Exists(folder))
            {
                DemoModelForge.Write(folder, new DemoModelOptions { FixedPromptLength = 77 });
            }
        }

        return new DiffusionPipeline(demo.Catalog.Open("demo-fixed77"), demo.Options);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Generate_PaintsRedder_WhenRedRatherThanBlueIsWeighted(long seed)
    {
        var redStressed = Mean("(red:1.6) blue", seed);
        var blueStressed = Mean("red (blue:1.6)", seed);

        Assert.True(redStressed.R > blueStressed.R + 100, $"(red:1.6) blue {redStressed}, red (blue:1.6) {blueStressed}");
        Assert.True(redStressed.B < blueStressed.B - 100, $"(red:1.6) blue {redStressed}, red (blue:1.6) {blueStressed}");
    }

    [Fact]
    public void Generate_PaintsBlue_WhenRedIsTurnedDownBySquareBrackets()
    {
        Assert.True(Mean("[[red]] blue", seed: 2).IsBlue);
        Assert.True(Mean("red [[blue]]", seed: 2).IsRed);
    }

    [Theory]
    [InlineData("red", 1)]
    [InlineData("green", 2)]
    public void Generate_PaintsTheColourAtToken120_WhenPromptHas150Tokens(string colour, long seed)
    {
        var result = Generate($"{Filler(119)} {colour} {Filler(30)}", seed);

        var mean = ImageStats.Of(result.Images[0].Png).Mean;
        Assert.True(colour == "red" ? mean.IsRed : mean.IsGreen, $"{colour} at token 120 painted {mean}");
        Assert.Equal(0, result.DroppedTokens);
    }

    [Fact]
    public void Generate_PaintsTheColourAfterBreak_WhenItIsInTheSecondChunk()
    {
        Assert.True(Mean("photo of a field BREAK blue", seed: 4).IsBlue);
    }

    [Fact]
    public void Generate_PaintsThePrompt_WhenTheNegativePromptHasMoreChunks()
    {
        var mean = Mean("red", seed: 5, negative: $"{Filler(100)} blue BREAK green");

        Assert.True(mean.IsRed, $"painted {mean}");
    }

    [Fact]
    public void Generate_TruncatesAndCountsTheDroppedTokens_WhenTheUnetTakes77Tokens()
    {
        var pipeline = FixedLengthModel();

        var late = Generate($"{Filler(119)} red {Filler(30)}", seed: 1, pipeline: pipeline);
        var early = Generate($"red {Filler(149)}", seed: 1, pipeline: pipeline);

        Assert.Equal(75, late.DroppedTokens);
        Assert.Equal(75, early.DroppedTokens);
        Assert.False(ImageStats.Of(late.Images[0].Png).Mean.IsRed);
        Assert.True(ImageStats.Of(early.Images[0].Png).Mean.IsRed);
    }

    [Fact]
    public void Generate_KeepsWeights_WhenTheUnetTakes77Tokens()
    {
        var pipeline = FixedLengthModel();

        Assert.True(Mean("(red:1.6) blue BREAK photo", seed: 3, pipeline: pipeline).IsRed);
        Assert.True(Mean("red (blue:1.6) BREAK photo", seed: 3, pipeline: pipeline).IsBlue);
    }

    [Theory]
    [InlineData("((((red")]
    [InlineData("red)))]]]")]
    [InlineData("(red:1.2.3)")]
    [InlineData(@"\\\((red:")]
    [InlineData("[(red:1.5]:)")]
    [InlineData("BREAK BREAK red BREAK")]
    [InlineData("()[]:")]
    public void Generate_Paints_WhenBracketsAreMalformed(string prompt)
    {
        var result = Generate(prompt, steps: 4);

        Assert.Single(result.Images);
    }

    [Fact]
    public void Generate_WritesThePromptAsTyped_IntoTheParameters()
    {
        const string prompt = @"(red:1.6) [blue] BREAK \(photo\) <lora:ink:0.8>";
        const string negative = "((green))";

        var parameters = PngWithParameters.Read(Generate(prompt, negative: negative, steps: 4).Images[0].Png)!;

        Assert.StartsWith(prompt + "\nNegative prompt: " + negative + "\n", parameters, StringComparison.Ordinal);
    }
}
