using DiffusionBot.Chat.Prompts;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Lora;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Tests.Prompts;

public sealed class PromptLorasTests
{
    private readonly PromptFlagParser _parser = new(Options.Create(new EngineOptions { MaxLorasPerRequest = 2 }));

    [Fact]
    public void Parse_TakesLoraTagsOutOfThePrompt()
    {
        var spec = _parser.Parse("a <lora:red-to-blue:0.8> red fox <LORA:detail> --seed 3");

        Assert.Equal("a red fox", spec.Prompt);
        Assert.Equal([new LoraSpec("red-to-blue", 0.8f), new LoraSpec("detail", 1f)], spec.Loras!);
        Assert.Equal(3, spec.Seed);
    }

    [Fact]
    public void Parse_ReadsLoraFlags_WhichAddUp()
    {
        var spec = _parser.Parse("a red fox --lora red-to-blue:0.5 --lora=detail");

        Assert.Equal("a red fox", spec.Prompt);
        Assert.Equal([new LoraSpec("red-to-blue", 0.5f), new LoraSpec("detail", 1f)], spec.Loras!);
    }

    [Fact]
    public void Parse_LeavesLorasNull_WhenThereAreNone()
    {
        Assert.Null(_parser.Parse("a red fox").Loras);
    }

    [Theory]
    [InlineData("fox --lora ../../etc/passwd", "A LoRA is named by its file name")]
    [InlineData("fox <lora:detail:lots>", "the LoRA weight must be a number")]
    [InlineData("fox --lora detail:9", "between -4 and 4")]
    [InlineData("fox --lora a --lora b --lora c", "At most 2 LoRAs per request (you asked for 3).")]
    [InlineData("fox <lora:a:1:0.5>", "takes a LoRA name and an optional weight")]
    public void Parse_RefusesBadLoras_Politely(string text, string expected)
    {
        var error = Assert.Throws<PromptFlagException>(() => _parser.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToGenerationRequest_CarriesTheLoras()
    {
        var request = _parser.Parse("fox --lora detail:0.3").ToGenerationRequest(new EngineOptions(), seed: 1);

        Assert.Equal([new LoraSpec("detail", 0.3f)], request.Loras);
        Assert.Equal("fox", request.Prompt);
    }
}
