using DiffusionBot.Chat.Prompts;

namespace DiffusionBot.Chat.Tests.Prompts;

public sealed class PromptTokenizerTests
{
    [Fact]
    public void Split_ReturnsWordOffsets_AcrossAnyWhitespace()
    {
        const string text = " a\tred\n fox ";

        var words = PromptTokenizer.Split(text).Select(t => text[t.Start..t.End]);

        Assert.Equal(["a", "red", "fox"], words);
    }

    [Theory]
    [InlineData("--seed", "seed", false)]
    [InlineData("--seed=42", "seed", true)]
    [InlineData("—seed", "seed", false)]
    [InlineData("–seed=4", "seed", true)]
    [InlineData("--seed=", "seed", false)]
    public void Split_RecognizesAFlag_WhenItStartsWithTwoDashesWorth(string word, string name, bool hasInlineValue)
    {
        var token = Assert.Single(PromptTokenizer.Split(word));

        Assert.Equal(name, token.FlagName);
        Assert.Equal(hasInlineValue, token.HasInlineValue);
    }

    [Theory]
    [InlineData("-seed")]
    [InlineData("---seed")]
    [InlineData("——seed")]
    [InlineData("—")]
    [InlineData("--")]
    [InlineData("--42")]
    [InlineData("a--seed")]
    public void Split_TreatsAWordAsText_WhenItIsNotAFlag(string word) =>
        Assert.False(Assert.Single(PromptTokenizer.Split(word)).IsFlag);
}
