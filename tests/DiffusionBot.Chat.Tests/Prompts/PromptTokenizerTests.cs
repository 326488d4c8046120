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

    [Theory]
    [InlineData("a --no \"blurry, text\"")]
    [InlineData("a --no “blurry, text”")]
    [InlineData("a --no ”blurry, text”")]
    [InlineData("a --no „blurry, text“")]
    [InlineData("a --no=\"blurry, text\"")]
    [InlineData("a --no=“blurry, text”")]
    public void Split_ReadsAQuotedValue_AsOneTokenWithoutItsQuotes_WhateverTheQuoteMarks(string text)
    {
        var value = PromptTokenizer.Split(text)[^1];

        Assert.True(value.Quoted);
        Assert.Equal("blurry, text", text[value.ValueStart..value.ValueEnd]);
        Assert.Equal(text.Length, value.End);
    }

    [Fact]
    public void Split_NeverReadsAFlag_InsideQuotes()
    {
        const string text = "a --no \"--seed 5\" --steps 3";

        var tokens = PromptTokenizer.Split(text);

        Assert.Equal([null, "no", null, "steps", null], tokens.Select(t => t.FlagName));
        Assert.Equal("--seed 5", text[tokens[2].ValueStart..tokens[2].ValueEnd]);
    }

    [Fact]
    public void Split_LeavesQuotesInTheDescriptionAlone()
    {
        const string text = "a 6\" ruler, \"vintage --ar 16:9";

        var words = PromptTokenizer.Split(text).Select(t => text[t.Start..t.End]);

        Assert.Equal(["a", "6\"", "ruler,", "\"vintage", "--ar", "16:9"], words);
    }

    [Theory]
    [InlineData("a --no \"blurry, text", "The quoted value of --no has no closing quote (you wrote '\"blurry, text'); add a \" at its end.")]
    [InlineData("a --Sampler=“Euler a", "The quoted value of --sampler has no closing quote (you wrote '“Euler a'); add a \" at its end.")]
    public void Split_SaysWhichQuoteIsOpen_WhenAQuotedValueIsNotClosed(string text, string message) =>
        Assert.Equal(message, Assert.Throws<PromptFlagException>(() => PromptTokenizer.Split(text)).Message);
}
