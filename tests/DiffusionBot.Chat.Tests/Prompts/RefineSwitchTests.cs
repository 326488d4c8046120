using DiffusionBot.Chat.Prompts;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Models;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Tests.Prompts;

public sealed class RefineSwitchTests
{
    private readonly PromptFlagParser _parser = new(Options.Create(new EngineOptions()));

    [Theory]
    [InlineData("a fox --refine")]
    [InlineData("a fox --REFINE --seed 3")]
    [InlineData("a fox --seed 3 --refine")]
    public void Parse_SetsRefine_WhenTheSwitchIsGiven(string text) =>
        Assert.True(_parser.Parse(text).Refine);

    [Fact]
    public void Parse_LeavesRefineUnset_WhenTheSwitchIsAbsent() =>
        Assert.Null(_parser.Parse("a fox --seed 3").Refine);

    [Theory]
    [InlineData("a fox --refine yes", "--refine takes no value (you wrote 'yes'); put the description before the flags.")]
    [InlineData("a fox --refine=0.5", "--refine takes no value (you wrote '0.5'); put the description before the flags.")]
    [InlineData("a fox --refine --refine", "--refine appears twice; please keep one.")]
    public void Parse_RefusesPolitely_WhenTheSwitchIsMisused(string text, string message) =>
        Assert.Equal(message, Assert.Throws<PromptFlagException>(() => _parser.Parse(text)).Message);

    [Fact]
    public void Refusal_ExplainsThePairing_WhenTheModelHasNoRefiner()
    {
        var refusal = RefineSwitch.Refusal(_parser.Parse("a fox --refine"), "demo", ModelDefaults.None, _ => true);

        Assert.Equal("--refine needs a refiner paired with demo, and it has none; ask the bot's operator to name one (\"refiner\" in the model's diffusionbot.json), or leave --refine out.", refusal);
    }

    [Fact]
    public void Refusal_NamesTheMissingFolder_WhenThePairedRefinerIsNotInstalled()
    {
        var paired = new ModelDefaults { Refiner = "xl-refiner" };

        Assert.Equal("demo-xl's refiner 'xl-refiner' is not installed, so --refine cannot run; leave --refine out, or ask the bot's operator to add it.",
            RefineSwitch.Refusal(_parser.Parse("a fox --refine"), "demo-xl", paired, _ => false));
        Assert.Null(RefineSwitch.Refusal(_parser.Parse("a fox --refine"), "demo-xl", paired, name => name == "xl-refiner"));
        Assert.Null(RefineSwitch.Refusal(_parser.Parse("a fox"), "demo", ModelDefaults.None, _ => false));
    }
}
