using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

[Collection(DemoModelCollection.Name)]
public sealed class DiffusionPipelineTests(DemoModelFixture demo)
{
    private const int Size = 128;

    public static TheoryData<string> EverySampler { get; } = ["ddim", "pndm", "euler", "euler_a", "dpm++2m", "dpm++2m_karras", "lcm"];

    private GenerationResult Generate(string prompt, long seed = 1, string? sampler = null, float guidance = 7.5f, int steps = 20, int count = 1, DiffusionPipeline? pipeline = null) =>
        (pipeline ?? demo.Pipeline).Generate(new GenerationRequest { Prompt = prompt, Seed = seed, Sampler = sampler, GuidanceScale = guidance, Steps = steps, Count = count, Width = Size, Height = Size });

    [Theory]
    [InlineData("red")]
    [InlineData("green")]
    [InlineData("blue")]
    [InlineData("yellow")]
    [InlineData("white")]
    [InlineData("black")]
    public void Generate_PaintsTheColour_WhenThePromptNamesIt(string colour)
    {
        var stats = ImageStats.Of(Generate(colour).Images[0].Png);

        var ok = colour switch
        {
            "red" => stats.Mean.IsRed,
            "green" => stats.Mean.IsGreen,
            "blue" => stats.Mean.IsBlue,
            "yellow" => stats.Mean.IsYellow,
            "white" => stats.Mean.IsWhite,
            _ => stats.Mean.IsBlack,
        };
        Assert.True(ok, $"'{colour}' painted mean {stats.Mean}");
    }

    [Fact]
    public void Generate_PaintsABlueDisc_WhenPromptIsBlueCircle()
    {
        var stats = ImageStats.Of(Generate("blue circle", seed: 7).Images[0].Png);

        Assert.True(stats.Centre.IsBlue, $"centre {stats.Centre}");
        Assert.False(stats.Corner.IsBlue, $"corner {stats.Corner}");
        Assert.True(stats.Centre.DistanceTo(stats.Corner) > 100, $"centre {stats.Centre} corner {stats.Corner}");
    }

    [Theory]
    [MemberData(nameof(EverySampler))]
    public void Generate_LandsOnTheConcept_WithEverySamplerAt20Steps(string sampler)
    {
        // LCM is used with little or no guidance (its re-noising carries CFG's overshoot into the next step).
        var guidance = sampler == "lcm" ? 1.5f : 7.5f;
        var red = ImageStats.Of(Generate("red", seed: 3, sampler: sampler, guidance: guidance).Images[0].Png);
        var disc = ImageStats.Of(Generate("green circle", seed: 4, sampler: sampler, guidance: guidance).Images[0].Png);

        Assert.True(red.Mean.IsRed, $"{sampler}: 'red' painted {red.Mean}");
        Assert.True(disc.Centre.IsGreen && !disc.Corner.IsGreen, $"{sampler}: 'green circle' centre {disc.Centre} corner {disc.Corner}");
    }

    [Theory]
    [InlineData("euler_a")]
    [InlineData("lcm")]
    public void Generate_LandsOnTheConcept_WithTrailingSpacingAt4Steps(string sampler)
    {
        var pipeline = demo.VariantWithScheduler("demo-trailing", json => json.Replace("{", "{\n  \"timestep_spacing\": \"trailing\",", StringComparison.Ordinal));

        var guidance = sampler == "lcm" ? 1.5f : 7.5f;
        var stats = ImageStats.Of(Generate("blue", seed: 5, sampler: sampler, steps: 4, guidance: guidance, pipeline: pipeline).Images[0].Png);

        Assert.True(stats.Mean.IsBlue, $"{sampler} trailing 4 steps painted {stats.Mean}");
    }

    [Fact]
    public void Generate_LandsOnTheConcept_WithVPrediction()
    {
        var folder = Path.Combine(demo.Root, "demo-v");
        if (!Directory.Exists(folder))
        {
            DiffusionBot.Diffusion.Forge.DemoModelForge.Write(folder, new DiffusionBot.Diffusion.Forge.DemoModelOptions { PredictionType = "v_prediction" });
        }

        var pipeline = new DiffusionPipeline(demo.Catalog.Open("demo-v"), demo.Options);
        foreach (var sampler in new[] { "ddim", "euler", "dpm++2m" })
        {
            var stats = ImageStats.Of(Generate("yellow", seed: 2, sampler: sampler, pipeline: pipeline).Images[0].Png);
            Assert.True(stats.Mean.IsYellow, $"v_prediction {sampler} painted {stats.Mean}");
        }
    }

    [Fact]
    public void Generate_ChangesTheImage_WhenGuidanceGoesFrom1To7()
    {
        var changed = new List<long>();
        for (var seed = 1L; seed <= 8; seed++)
        {
            var weak = ImageStats.Of(Generate("red circle", seed: seed, guidance: 1f).Images[0].Png);
            var strong = ImageStats.Of(Generate("red circle", seed: seed, guidance: 7f).Images[0].Png);

            Assert.True(strong.Centre.IsRed && !strong.Corner.IsRed, $"g=7 seed {seed}: {strong}");
            if (weak.Centre.DistanceTo(strong.Centre) > 60 || weak.Corner.DistanceTo(strong.Corner) > 60)
            {
                changed.Add(seed);
            }
        }

        // Without guidance the prompt only nudges the posterior: some seeds paint another concept.
        Assert.NotEmpty(changed);
    }

    [Fact]
    public void Generate_GivesIdenticalPngBytes_ForTheSameSeed_AndOtherBytesForAnother()
    {
        var first = Generate("yellow circle", seed: 42, sampler: "euler_a").Images[0].Png;
        var again = Generate("yellow circle", seed: 42, sampler: "euler_a").Images[0].Png;
        var other = Generate("yellow circle", seed: 43, sampler: "euler_a").Images[0].Png;

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Generate_ReportsOneSeedPerImage_WhenAskedForSeveral()
    {
        var result = Generate("white", seed: 100, count: 3);

        Assert.Equal([100L, 101L, 102L], result.Images.Select(i => i.Seed));
        Assert.NotEqual(result.Images[0].Png, result.Images[1].Png);
        Assert.All(result.Images, i => Assert.True(ImageStats.Of(i.Png).Mean.IsWhite));
    }

    [Fact]
    public void Generate_WritesA1111Parameters_IntoThePng()
    {
        var png = demo.Pipeline.Generate(new GenerationRequest { Prompt = "red", NegativePrompt = "blue", Seed = 9, Steps = 5, Width = 64, Height = 96, Sampler = "euler" }).Images[0].Png;

        var parameters = PngWithParameters.Read(png);

        Assert.Equal("red\nNegative prompt: blue\nSteps: 5, Sampler: euler, CFG scale: 7.5, Seed: 9, Size: 64x96, Model: demo", parameters);
        var stats = ImageStats.Of(png);
        Assert.Equal((64, 96), (stats.Width, stats.Height));
    }

    [Theory]
    [InlineData(0.3f, "green")]
    [InlineData(0.9f, "red")]
    public void Generate_FollowsStrength_WhenStartingFromAGreenImage(float strength, string expected)
    {
        var green = Generate("green", seed: 8).Images[0].Png;

        var result = demo.Pipeline.Generate(new GenerationRequest { Prompt = "red", InitImage = green, Strength = strength, Seed = 8, Width = Size, Height = Size, Sampler = "euler" });

        var mean = ImageStats.Of(result.Images[0].Png).Mean;
        Assert.True(expected == "green" ? mean.G > mean.R : mean.IsRed, $"strength {strength}: {mean}");
    }

    // diffusers: init_timestep = min(int(n·strength), n) in Python floats; int(10*0.7) == 7, int(25*0.04) == 1.
    [Theory]
    [InlineData(10, 0.7f, 7)]
    [InlineData(25, 0.04f, 1)]
    public void Generate_RunsDiffusersStepCount_WhenImageToImage(int steps, float strength, int expected)
    {
        var green = Generate("green", seed: 8, steps: 2).Images[0].Png;
        var totals = new List<int>();

        demo.Pipeline.Generate(
            new GenerationRequest { Prompt = "red", InitImage = green, Strength = strength, Steps = steps, Seed = 8, Width = Size, Height = Size, Sampler = "euler" },
            (in DenoisingProgress p) => totals.Add(p.TotalSteps));

        Assert.Equal(expected, totals.Count);
        Assert.All(totals, total => Assert.Equal(expected, total));
    }

    // int(25*0.03) == int(0.75) == 0 in Python: diffusers would run no step, so the request is refused politely.
    // LCM: int(50*0.05) == 2 distillation entries cannot give 4 steps (diffusers raises "smaller than num_inference_steps").
    [Theory]
    [InlineData("euler", 0.03f, 25, "With strength 0.03 and 25 steps no step would run")]
    [InlineData("lcm", 0.05f, 4, "has 2 step(s) to choose from, fewer than the 4 asked for")]
    public void Generate_RefusesWithOneLine_WhenStrengthLeavesTooFewSteps(string sampler, float strength, int steps, string expected)
    {
        var green = Generate("green", seed: 8, steps: 2).Images[0].Png;

        var error = Assert.Throws<InvalidRequestException>(() => demo.Pipeline.Generate(
            new GenerationRequest { Prompt = "red", InitImage = green, Strength = strength, Steps = steps, Width = Size, Height = Size, Sampler = sampler }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    // LatentConsistencyModelImg2ImgPipeline: set_timesteps(4, strength=0.5) gives [499, 379, 259, 139] (see
    // LcmSchedulerTests) and all four run, noise added at 499.
    [Fact]
    public void Generate_RunsEveryStepOfTheShortenedSchedule_WhenLcmImageToImage()
    {
        var green = Generate("green", seed: 8, steps: 2).Images[0].Png;
        var timesteps = new List<float>();

        demo.Pipeline.Generate(
            new GenerationRequest { Prompt = "red", InitImage = green, Strength = 0.5f, Steps = 4, Seed = 8, Width = Size, Height = Size, Sampler = "lcm" },
            (in DenoisingProgress p) => timesteps.Add(p.Timestep));

        Assert.Equal([499f, 379f, 259f, 139f], timesteps);
    }

    // diffusers' PNDM at one step (leading spacing, steps_offset 1) evaluates t = 1 once. From pure noise that is
    // not a useful image, but it is what diffusers computes, so it runs instead of being refused.
    [Fact]
    public void Generate_RunsTheSingleTimestepDiffusersUses_WhenPndmAtOneStep()
    {
        var timesteps = new List<float>();

        var result = demo.Pipeline.Generate(
            new GenerationRequest { Prompt = "red", Steps = 1, Width = 64, Height = 64, Sampler = "pndm" },
            (in DenoisingProgress p) => timesteps.Add(p.Timestep));

        Assert.Equal([1f], timesteps);
        Assert.Single(result.Images);
    }

    [Fact]
    public void Generate_CallsProgressOncePerStep_WithTheLatents()
    {
        var steps = new List<(int Step, int Total, int Length)>();
        demo.Pipeline.Generate(
            new GenerationRequest { Prompt = "red", Steps = 6, Width = 64, Height = 64, Count = 2, Sampler = "euler" },
            (in DenoisingProgress p) => steps.Add((p.Step, p.TotalSteps, p.Latents.Length)));

        Assert.Equal(Enumerable.Range(1, 6), steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.Equal((6, 2 * 4 * 8 * 8), (s.Total, s.Length)));
    }

    [Theory]
    [MemberData(nameof(EverySampler))]
    public void Progress_ShowsTheFinishedColour_AtStepOne_WhereTheNoisyLatentsDoNot(string sampler)
    {
        byte[]? estimate = null;
        byte[]? noisy = null;
        using var stop = new CancellationTokenSource();
        var request = new GenerationRequest { Prompt = "red", Seed = 3, Sampler = sampler, Steps = 20, Width = Size, Height = Size, GuidanceScale = sampler == "lcm" ? 1.5f : 7.5f };

        Assert.ThrowsAny<OperationCanceledException>(() => demo.Pipeline.Generate(
            request,
            (in DenoisingProgress p) =>
            {
                Assert.Equal(1, p.Step);
                estimate = LatentPreview.RenderEstimateJpeg(p);
                noisy = LatentPreview.RenderJpeg(p.Latents, p.Batch, p.Channels, p.Height, p.Width, p.ModelInputScale);
                stop.Cancel();
            },
            stop.Token));

        Assert.True(Colours.IsRed(estimate!), $"{sampler}: the estimate at step 1 of 20 has mean colour {Colours.Mean(estimate!)}");
        Assert.False(Colours.IsRed(noisy!), $"{sampler}: the noisy latents at step 1 of 20 have mean colour {Colours.Mean(noisy!)}");
    }

    [Fact]
    public void Generate_RunsAnA1111SamplerName_AndLabelsItCanonically()
    {
        var result = demo.Pipeline.Generate(new GenerationRequest { Prompt = "red", Seed = 3, Sampler = "DPM++ 2M Karras", Steps = 10, Width = 64, Height = 64 });

        Assert.Equal("dpm++2m_karras", result.Sampler);
        Assert.True(ImageStats.Of(result.Images[0].Png).Mean.IsRed, $"mean {ImageStats.Of(result.Images[0].Png).Mean}");
    }

    [Fact]
    public void Generate_StopsWithinOneStep_WhenCancelled()
    {
        using var cancel = new CancellationTokenSource();
        var last = 0;

        Assert.ThrowsAny<OperationCanceledException>(() => demo.Pipeline.Generate(
            new GenerationRequest { Prompt = "red", Steps = 20, Width = 64, Height = 64 },
            (in DenoisingProgress p) =>
            {
                last = p.Step;
                if (p.Step == 3)
                {
                    cancel.Cancel();
                }
            },
            cancel.Token));
        Assert.Equal(3, last);
    }

    [Theory]
    [InlineData(0, 128, 128, null, "Steps must be between 1 and 150")]
    [InlineData(10000, 128, 128, null, "Steps must be between 1 and 150")]
    [InlineData(20, 7, 7, null, "multiples of 8")]
    [InlineData(20, 1024, 1024, null, "too large")]
    [InlineData(20, 128, 128, "heun-ish", "Unknown sampler 'heun-ish'")]
    [InlineData(20, 128, 128, "DPM++ 2M SDE", "choose one of ddim, pndm, euler, euler_a, dpm++2m, dpm++2m_karras, lcm")]
    [InlineData(60, 128, 128, "lcm", "The lcm sampler cannot run 60 step(s)")]
    public void Generate_RefusesWithOneLine_WhenTheRequestIsBad(int steps, int width, int height, string? sampler, string expected)
    {
        var error = Assert.Throws<InvalidRequestException>(() => demo.Pipeline.Generate(new GenerationRequest { Prompt = "red", Steps = steps, Width = width, Height = height, Sampler = sampler }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Generate_RefusesNonImagesAndTruncatedImages()
    {
        var png = Generate("red", steps: 2).Images[0].Png;

        var notImage = Assert.Throws<InvalidImageException>(() => demo.Pipeline.Generate(new GenerationRequest { Prompt = "red", InitImage = "not an image"u8.ToArray(), Width = 64, Height = 64 }));
        var truncated = Assert.Throws<InvalidImageException>(() => demo.Pipeline.Generate(new GenerationRequest { Prompt = "red", InitImage = png[..(png.Length / 2)], Width = 64, Height = 64 }));

        Assert.Contains("not a PNG, JPEG or WebP", notImage.Message, StringComparison.Ordinal);
        Assert.Contains("damaged or truncated", truncated.Message, StringComparison.Ordinal);
    }
}
