using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>
/// The same pipeline and loop on the SDXL layout: the demo paints colour words (both encoders' penultimate layers)
/// and shape words (the pooled text_embeds) only when the prompt embedding and time_ids are right.
/// </summary>
[Collection(SdxlDemoCollection.Name)]
public sealed class SdxlPipelineTests(SdxlDemoFixture demo)
{
    private const int Size = 128;

    public static TheoryData<string> EverySampler => DiffusionPipelineTests.EverySampler;

    private GenerationResult Generate(string prompt, long seed = 1, string? sampler = null, float guidance = 7.5f, int steps = 20, int width = Size, int height = Size) =>
        demo.Pipeline.Generate(new GenerationRequest { Prompt = prompt, Seed = seed, Sampler = sampler, GuidanceScale = guidance, Steps = steps, Width = width, Height = height });

    [Theory]
    [InlineData("red")]
    [InlineData("green")]
    [InlineData("blue")]
    [InlineData("yellow")]
    [InlineData("white")]
    [InlineData("black")]
    public void Generate_PaintsTheColour_WhenThePromptNamesIt(string colour)
    {
        var mean = ImageStats.Of(Generate(colour).Images[0].Png).Mean;

        var ok = colour switch
        {
            "red" => mean.IsRed,
            "green" => mean.IsGreen,
            "blue" => mean.IsBlue,
            "yellow" => mean.IsYellow,
            "white" => mean.IsWhite,
            _ => mean.IsBlack,
        };
        Assert.True(ok, $"'{colour}' painted mean {mean}");
    }

    [Fact]
    public void Generate_PaintsABlueDisc_WhenPromptIsBlueCircle()
    {
        var stats = ImageStats.Of(Generate("blue circle", seed: 7).Images[0].Png);

        Assert.True(stats.Centre.IsBlue, $"centre {stats.Centre}");
        Assert.False(stats.Corner.IsBlue, $"corner {stats.Corner}");
    }

    // time_ids carry (height, width): a non-square request whose sizes were swapped would paint the dusk gradient.
    [Fact]
    public void Generate_PaintsTheColour_WhenTheImageIsNotSquare()
    {
        var stats = ImageStats.Of(Generate("yellow", seed: 2, width: 192, height: 128).Images[0].Png);

        Assert.Equal((192, 128), (stats.Width, stats.Height));
        Assert.True(stats.Mean.IsYellow, $"mean {stats.Mean}");
    }

    [Theory]
    [MemberData(nameof(EverySampler))]
    public void Generate_LandsOnTheConcept_WithEverySamplerAt20Steps(string sampler)
    {
        var guidance = sampler == "lcm" ? 1.5f : 7.5f;
        var red = ImageStats.Of(Generate("red", seed: 3, sampler: sampler, guidance: guidance).Images[0].Png);
        var disc = ImageStats.Of(Generate("green circle", seed: 4, sampler: sampler, guidance: guidance).Images[0].Png);

        Assert.True(red.Mean.IsRed, $"{sampler}: 'red' painted {red.Mean}");
        Assert.True(disc.Centre.IsGreen && !disc.Corner.IsGreen, $"{sampler}: 'green circle' centre {disc.Centre} corner {disc.Corner}");
    }

    [Theory]
    [MemberData(nameof(EverySampler))]
    public void Generate_FollowsStrength_WhenStartingFromAGreenImage_WithEverySampler(string sampler)
    {
        var green = Generate("green", seed: 8).Images[0].Png;
        var guidance = sampler == "lcm" ? 1.5f : 7.5f;
        var steps = sampler == "lcm" ? 4 : 20; // LCM applies strength inside its 50-entry distillation schedule.

        var kept = ImageStats.Of(demo.Pipeline.Generate(new GenerationRequest { Prompt = "red", InitImage = green, Strength = 0.3f, Seed = 8, Width = Size, Height = Size, Sampler = sampler, GuidanceScale = guidance, Steps = steps }).Images[0].Png).Mean;
        var repainted = ImageStats.Of(demo.Pipeline.Generate(new GenerationRequest { Prompt = "red", InitImage = green, Strength = 0.9f, Seed = 8, Width = Size, Height = Size, Sampler = sampler, GuidanceScale = guidance, Steps = steps }).Images[0].Png).Mean;

        Assert.True(kept.G > kept.R, $"{sampler} strength 0.3: {kept}");
        Assert.True(repainted.IsRed, $"{sampler} strength 0.9: {repainted}");
    }

    [Fact]
    public void Generate_GivesIdenticalPngBytes_ForTheSameSeed()
    {
        var first = Generate("white circle", seed: 42, sampler: "euler_a").Images[0].Png;
        var again = Generate("white circle", seed: 42, sampler: "euler_a").Images[0].Png;

        Assert.Equal(first, again);
    }
}
