using DiffusionBot.Chat.Prompts;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Models;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Tests.Prompts;

public sealed class PromptSpecTests
{
    private static readonly ModelDefaults Sdxl = new() { Family = "SDXL", Width = 1024, Height = 1024, TrainedSizes = TrainedResolutions.Sdxl };

    [Theory]
    [InlineData("a fox --ar 16:9", 1344, 768)]
    [InlineData("a fox --ar 3:2", 1216, 832)]
    [InlineData("a fox --ar 9:21", 640, 1536)]
    [InlineData("a fox --ar 1:1", 1024, 1024)]
    [InlineData("a fox", 1024, 1024)]
    [InlineData("a fox --size 512x768", 512, 768)]
    public void ToGenerationRequest_UsesSdxlsTrainedResolutions_ForAnAspectRatio(string text, int width, int height)
    {
        var spec = new PromptFlagParser(Options.Create(new EngineOptions())).Parse(text);

        var request = spec.ToGenerationRequest(new EngineOptions(), seed: 1, model: Sdxl);

        Assert.Equal((width, height), (request.Width, request.Height));
    }

    [Fact]
    public void ToGenerationRequest_KeepsTheDefaultArea_ForAnAspectRatioOnAFamilyWithoutTrainedSizes()
    {
        var spec = new PromptFlagParser(Options.Create(new EngineOptions())).Parse("a fox --ar 16:9");

        var request = spec.ToGenerationRequest(new EngineOptions(), seed: 1, model: ModelDefaults.None);

        Assert.Equal((704, 384), (request.Width, request.Height));
    }

    [Fact]
    public void ToGenerationRequest_UsesTheEngineDefaults_WhenNothingIsSet()
    {
        var options = new EngineOptions { DefaultStepCount = 25, DefaultGuidanceScale = 6 };

        var request = new PromptSpec { Prompt = "a fox" }.ToGenerationRequest(options, seed: 99);

        Assert.Equal("a fox", request.Prompt);
        Assert.Equal("", request.NegativePrompt);
        Assert.Equal((EngineOptions.DefaultSize, EngineOptions.DefaultSize), (request.Width, request.Height));
        Assert.Equal(25, request.Steps);
        Assert.Equal(6, request.GuidanceScale);
        Assert.Equal(99, request.Seed);
        Assert.Equal(1, request.Count);
        Assert.Null(request.Sampler);
        Assert.Null(request.InitImage);
        Assert.Equal(0.75f, request.Strength);
    }

    [Fact]
    public void ToGenerationRequest_UsesEverySetting_WhenAllAreSet()
    {
        var image = new byte[] { 1, 2, 3 };
        var spec = new PromptSpec
        {
            Prompt = "a fox",
            NegativePrompt = "people",
            Seed = 7,
            Steps = 30,
            Guidance = 4.5f,
            Width = 768,
            Height = 512,
            Count = 3,
            Sampler = "ddim",
            Model = "other",
            Strength = 0.4f,
        };

        var request = spec.ToGenerationRequest(new EngineOptions { DefaultSampler = "euler" }, seed: 99, image);

        Assert.Equal(
            ("a fox", "people", 768, 512, 30, 4.5f, 7L, 3, "ddim", 0.4f),
            (request.Prompt, request.NegativePrompt, request.Width, request.Height, request.Steps, request.GuidanceScale, request.Seed, request.Count, request.Sampler, request.Strength));
        Assert.Same(image, request.InitImage);
    }

    [Fact]
    public void ToGenerationRequest_UsesTheConfiguredSampler_WhenTheSpecNamesNone()
    {
        var request = new PromptSpec { Prompt = "a fox" }.ToGenerationRequest(new EngineOptions { DefaultSampler = "euler_a" }, seed: 1);

        Assert.Equal("euler_a", request.Sampler);
    }

    [Fact]
    public void ResolveModel_ReturnsTheConfiguredDefault_WhenTheSpecNamesNone()
    {
        var options = new EngineOptions { DefaultModel = "sd15" };

        Assert.Equal("sd15", new PromptSpec { Prompt = "a fox" }.ResolveModel(options));
        Assert.Equal("other", new PromptSpec { Prompt = "a fox", Model = "other" }.ResolveModel(options));
    }

    [Fact]
    public void ToGenerationRequest_UsesTheModelsDefaults_OverTheEngines_WhenTheUserSetNothing()
    {
        var model = new ModelDefaults { Steps = 1, Guidance = 0f, Width = 768, Height = 768, Sampler = "lcm", NegativePrompt = "blurry" };

        var request = new PromptSpec { Prompt = "a fox" }.ToGenerationRequest(new EngineOptions { DefaultStepCount = 25 }, seed: 1, model: model);

        Assert.Equal((1, 0f, 768, 768, "lcm", "blurry"), (request.Steps, request.GuidanceScale, request.Width, request.Height, request.Sampler, request.NegativePrompt));
    }

    [Fact]
    public void ToGenerationRequest_KeepsTheUsersSettings_OverTheModelsDefaults()
    {
        var model = new ModelDefaults { Steps = 1, Guidance = 0f, Width = 768, Height = 768, Sampler = "lcm", NegativePrompt = "blurry" };
        var spec = new PromptSpec { Prompt = "a fox", Steps = 4, Guidance = 2f, Width = 512, Height = 640, Sampler = "euler", NegativePrompt = "dogs" };

        var request = spec.ToGenerationRequest(new EngineOptions(), seed: 1, model: model);

        Assert.Equal((4, 2f, 512, 640, "euler", "dogs"), (request.Steps, request.GuidanceScale, request.Width, request.Height, request.Sampler, request.NegativePrompt));
    }
}
