using DiffusionBot.Chat.Prompts;
using DiffusionBot.Diffusion;

namespace DiffusionBot.Chat.Tests.Prompts;

public sealed class PromptSpecTests
{
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
}
