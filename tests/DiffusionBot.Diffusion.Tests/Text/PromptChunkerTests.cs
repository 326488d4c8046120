using DiffusionBot.Diffusion.Text;

namespace DiffusionBot.Diffusion.Tests.Text;

public sealed class PromptChunkerTests
{
    private const int Bos = 49406;
    private const int Eos = 49407;
    private const int Photo = 1125;
    private const int Red = 736;
    private const int Blue = 1746;
    private const int Comma = 267;

    private static readonly ClipTokenizer Tokenizer = ClipTokenizer.FromDirectory(TempTokenizerFolder.FixtureDir);
    private static readonly PromptChunker Chunker = new(Tokenizer);

    private static string Words(string word, int count) => string.Join(' ', Enumerable.Repeat(word, count));

    [Fact]
    public void Split_ReturnsTheTokenizersIds_WhenPromptIsShortAndPlain()
    {
        var prompt = Chunker.Split("a photo of a cat");

        var chunk = Assert.Single(prompt.Chunks);
        Assert.Equal(Tokenizer.Encode("a photo of a cat").Ids.ToArray(), chunk.Ids);
        Assert.True(chunk.IsUnweighted);
        Assert.Equal(5, chunk.TokenCount);
        Assert.Equal(0, prompt.DroppedTokens);
    }

    [Fact]
    public void Split_GivesOneEmptyChunk_WhenPromptIsEmpty()
    {
        var chunk = Assert.Single(Chunker.Split("").Chunks);

        Assert.Equal(Tokenizer.Encode("").Ids.ToArray(), chunk.Ids);
        Assert.Equal(Chunker.EmptyChunk.Ids, chunk.Ids);
        Assert.Equal(0, chunk.TokenCount);
    }

    [Fact]
    public void Split_PutsWeightsOnTheirTokens_WhenPromptHasBrackets()
    {
        var chunk = Assert.Single(Chunker.Split("a (red:1.5) [photo]").Chunks);

        Assert.Equal([Bos, 320, Red, Photo, Eos], chunk.Ids[..5]);
        Assert.Equal([1f, 1f, 1.5f, (float)(1 / 1.1), 1f, 1f], chunk.Weights[..6]);
        Assert.All(chunk.Weights[5..], w => Assert.Equal(1f, w));
    }

    [Fact]
    public void Split_MakesTwoChunksEachWithBosAndEos_WhenPromptHas150Tokens()
    {
        var prompt = Chunker.Split(Words("photo", 119) + " red " + Words("photo", 30));

        Assert.Equal(2, prompt.Chunks.Count);
        Assert.All(prompt.Chunks, c => Assert.Equal(77, c.Ids.Length));
        Assert.All(prompt.Chunks, c => Assert.Equal(Bos, c.Ids[0]));
        Assert.Equal(Eos, prompt.Chunks[0].Ids[76]);
        Assert.Equal([75, 75], prompt.Chunks.Select(c => c.TokenCount));
        Assert.Equal(Red, prompt.Chunks[1].Ids[120 - 75]);
        Assert.Equal(Eos, prompt.Chunks[1].Ids[76]);
        Assert.Equal(0, prompt.DroppedTokens);
    }

    [Fact]
    public void Split_KeepsOneChunk_WhenPromptHasExactly75Tokens()
    {
        var chunk = Assert.Single(Chunker.Split(Words("photo", 75)).Chunks);

        Assert.Equal(75, chunk.TokenCount);
        Assert.Equal(Eos, chunk.Ids[76]);
    }

    [Fact]
    public void Split_StartsANewChunk_AtBreak()
    {
        var prompt = Chunker.Split("red BREAK blue");

        Assert.Equal(2, prompt.Chunks.Count);
        Assert.Equal([Bos, Red, Eos, Eos], prompt.Chunks[0].Ids[..4]);
        Assert.Equal([Bos, Blue, Eos, Eos], prompt.Chunks[1].Ids[..4]);
    }

    [Fact]
    public void Split_KeepsAnEmptyFirstChunk_WhenPromptStartsWithBreak()
    {
        var prompt = Chunker.Split("BREAK red");

        Assert.Equal(2, prompt.Chunks.Count);
        Assert.Equal(Chunker.EmptyChunk.Ids, prompt.Chunks[0].Ids);
        Assert.Equal(Red, prompt.Chunks[1].Ids[1]);
    }

    [Fact]
    public void Split_AddsNoChunk_WhenPromptEndsWithBreak()
    {
        Assert.Single(Chunker.Split("red BREAK").Chunks);
    }

    [Fact]
    public void Split_MovesTheWordsAfterTheLastComma_WhenAChunkFillsUpNearIt()
    {
        var prompt = Chunker.Split(Words("photo", 70) + ", " + Words("red", 10));

        Assert.Equal(2, prompt.Chunks.Count);
        Assert.Equal(71, prompt.Chunks[0].TokenCount);
        Assert.Equal(Comma, prompt.Chunks[0].Ids[71]);
        Assert.Equal(Eos, prompt.Chunks[0].Ids[72]);
        Assert.Equal(10, prompt.Chunks[1].TokenCount);
        Assert.All(prompt.Chunks[1].Ids[1..11], id => Assert.Equal(Red, id));
    }

    [Fact]
    public void Split_CutsAt75_WhenTheLastCommaIsFurtherBackThanTheBacktrack()
    {
        var prompt = Chunker.Split(Words("photo", 30) + ", " + Words("red", 60));

        Assert.Equal([75, 16], prompt.Chunks.Select(c => c.TokenCount));
    }

    [Fact]
    public void Split_KeepsTheFirst75TokensAndCountsTheRest_WhenTheUnetTakesOneChunk()
    {
        var prompt = Chunker.Split(Words("photo", 119) + " red " + Words("photo", 30), fixedChunkCount: 1);

        var chunk = Assert.Single(prompt.Chunks);
        Assert.Equal(75, prompt.DroppedTokens);
        Assert.DoesNotContain(Red, chunk.Ids);
    }

    [Fact]
    public void Split_IgnoresBreak_WhenTheUnetTakesOneChunk()
    {
        var prompt = Chunker.Split("red BREAK (blue:1.5)", fixedChunkCount: 1);

        var chunk = Assert.Single(prompt.Chunks);
        Assert.Equal([Bos, Red, Blue, Eos], chunk.Ids[..4]);
        Assert.Equal([1f, 1f, 1.5f, 1f], chunk.Weights[..4]);
        Assert.Equal(0, prompt.DroppedTokens);
    }

    [Fact]
    public void Split_PadsAndCuts_WhenTheUnetTakesAFixedNumberOfChunks()
    {
        var padded = Chunker.Split("red", fixedChunkCount: 2);
        var cut = Chunker.Split("red BREAK blue BREAK photo photo", fixedChunkCount: 2);

        Assert.Equal(2, padded.Chunks.Count);
        Assert.Equal(Chunker.EmptyChunk, padded.Chunks[1]);
        Assert.Equal(2, cut.Chunks.Count);
        Assert.Equal(2, cut.DroppedTokens);
    }

    [Fact]
    public void SplitPair_PadsTheShorterWithEmptyChunks_WhenLengthsDiffer()
    {
        var (positive, negative) = Chunker.SplitPair("red BREAK blue BREAK photo", "blurry");
        var (shortPositive, longNegative) = Chunker.SplitPair("red", Words("photo", 100));

        Assert.Equal(3, positive.Chunks.Count);
        Assert.Equal(3, negative!.Chunks.Count);
        Assert.Equal(Chunker.EmptyChunk, negative.Chunks[2]);
        Assert.Equal(2, shortPositive.Chunks.Count);
        Assert.Equal(2, longNegative!.Chunks.Count);
    }

    [Fact]
    public void SplitPair_ReturnsNoNegative_WhenNoneIsAsked()
    {
        var (positive, negative) = Chunker.SplitPair("red", null);

        Assert.Single(positive.Chunks);
        Assert.Null(negative);
    }

    [Theory]
    [InlineData("((((")]
    [InlineData("]]]])))")]
    [InlineData("(red:1.2.3")]
    [InlineData(@"\\\(((:")]
    [InlineData("BREAK BREAK BREAK")]
    [InlineData("[(red:1.5]:)")]
    public void Split_NeverThrows_WhenBracketsAreMalformed(string prompt)
    {
        var chunks = Chunker.Split(prompt).Chunks;

        Assert.NotEmpty(chunks);
        Assert.All(chunks, c => Assert.All(c.Weights, w => Assert.True(float.IsFinite(w))));
    }
}
