using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Imaging;
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

    // diffusers' ensemble of experts at 0.8 on Euler leading 20 steps: the base runs t ≥ 200 (951 … 201), the refiner
    // t < 200 (151 … 1) on the same schedule, and progress counts 1 … 20 over both.
    [Fact]
    public void Generate_HandsTheLatentsToTheRefiner_AtTheHighNoiseFraction()
    {
        var refiner = demo.Variant(SdxlDemoFixture.RefinerName, SdxlDemoVariant.Refiner);
        var steps = new List<(int Step, int Total, float Timestep)>();

        var result = demo.Pipeline.Generate(
            new GenerationRequest { Prompt = "blue circle", Seed = 7, Steps = 20, Width = Size, Height = Size, Sampler = "euler" },
            (in DenoisingProgress p) => steps.Add((p.Step, p.TotalSteps, p.Timestep)),
            refinement: new Refinement(refiner, 0.8f));

        var stats = ImageStats.Of(result.Images[0].Png);
        Assert.True(stats.Centre.IsBlue && !stats.Corner.IsBlue, $"centre {stats.Centre} corner {stats.Corner}");
        Assert.Equal(Enumerable.Range(1, 20), steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.Equal(20, s.Total));
        Assert.Equal(951f, steps[0].Timestep);
        Assert.Equal(201f, steps[15].Timestep);
        Assert.Equal(151f, steps[16].Timestep);
        Assert.Equal(1f, steps[19].Timestep);
        Assert.EndsWith("Model: demo-xl, Refiner: demo-xl-refiner, Refiner switch at: 0.8", PngWithParameters.Read(result.Images[0].Png), StringComparison.Ordinal);
    }

    [Fact]
    public void RefinerAlone_IsRecognised_AndPaintsFromItsOneEncoder()
    {
        var refiner = demo.Variant(SdxlDemoFixture.RefinerName, SdxlDemoVariant.Refiner);

        var stats = ImageStats.Of(refiner.Generate(new GenerationRequest { Prompt = "red circle", Seed = 3, Width = Size, Height = Size }).Images[0].Png);

        Assert.Equal("SDXL refiner", refiner.Model.Family);
        Assert.Equal("SDXL refiner", refiner.Model.Defaults.Family);
        Assert.Null(refiner.Model.TextEncoder2);
        Assert.True(stats.Centre.IsRed && !stats.Corner.IsRed, $"centre {stats.Centre} corner {stats.Corner}");
    }

    [Fact]
    public void Generate_RefusesWithOneLine_WhenStrengthEndsBeforeTheRefinerTakesOver()
    {
        var refiner = demo.Variant(SdxlDemoFixture.RefinerName, SdxlDemoVariant.Refiner);
        var green = Generate("green", steps: 4).Images[0].Png;

        var error = Assert.Throws<InvalidRequestException>(() => demo.Pipeline.Generate(
            new GenerationRequest { Prompt = "red", InitImage = green, Strength = 0.1f, Steps = 20, Width = Size, Height = Size, Sampler = "euler" },
            refinement: new Refinement(refiner)));

        Assert.Contains("would run no step before the refiner", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Turbo_IsRecognised_AndLandsOnTheConcept_InFourTrailingSteps()
    {
        var turbo = demo.Variant("demo-xl-turbo", SdxlDemoVariant.Turbo);
        var defaults = turbo.Model.Defaults;

        var stats = ImageStats.Of(turbo.Generate(new GenerationRequest { Prompt = "blue", Seed = 5, Steps = 4, Width = Size, Height = Size }).Images[0].Png);
        var single = turbo.Generate(new GenerationRequest { Prompt = "blue", Seed = 5, Steps = defaults.Steps!.Value, GuidanceScale = defaults.Guidance!.Value, Width = Size, Height = Size });

        Assert.Equal(("SDXL-Turbo", 1, 0f), (defaults.Family, defaults.Steps, defaults.Guidance));
        Assert.Equal((512, 512), (defaults.Width, defaults.Height));
        Assert.True(stats.Mean.IsBlue, $"mean {stats.Mean}");
        Assert.Single(single.Images);
    }

    // The LCM-SDXL demo applies the guidance embedded in timestep_cond (there is no CFG batch), so guidance 8 makes it
    // land on the prompt in its 4 default steps.
    [Fact]
    public void Lcm_IsRecognised_AndAppliesTheGuidanceItIsGivenThroughTimestepCond()
    {
        var lcm = demo.Variant("demo-xl-lcm", SdxlDemoVariant.Lcm);
        var defaults = lcm.Model.Defaults;

        var stats = ImageStats.Of(lcm.Generate(new GenerationRequest { Prompt = "yellow circle", Seed = 6, Steps = defaults.Steps!.Value, GuidanceScale = defaults.Guidance!.Value, Sampler = defaults.Sampler, Width = Size, Height = Size }).Images[0].Png);

        Assert.Equal(("LCM-SDXL", 4, 8f, "lcm"), (defaults.Family, defaults.Steps, defaults.Guidance, defaults.Sampler));
        Assert.NotNull(lcm.Model.Unet.TimestepCond);
        Assert.True(stats.Centre.IsYellow && !stats.Corner.IsYellow, $"centre {stats.Centre} corner {stats.Corner}");
    }

    [Fact]
    public void Base_DefaultsTo1024_FromItsUnetSampleSize()
    {
        var defaults = demo.Pipeline.Model.Defaults;

        Assert.Equal(("SDXL", 1024, 1024), (defaults.Family, defaults.Width, defaults.Height));
    }
}
