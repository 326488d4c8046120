using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Tests.Pipeline;
using DiffusionBot.Diffusion.Text;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Tests.Text;

/// <summary>The demo's real ONNX text encoder through chunking and emphasis.</summary>
[Collection(DemoModelCollection.Name)]
public sealed class PromptPairEncoderTests(DemoModelFixture demo)
{
    private static readonly int HiddenSize = DemoModelForge.HiddenSize;
    private static readonly int Presence = DemoTextEncoderGraph.PresenceDimension(HiddenSize);
    private static readonly int RedField = DemoModelForge.Concepts.ToList().FindIndex(c => c.Name == "red field");

    private TextEncoder Encoder => demo.Pipeline.Model.TextEncoder;

    private (EncodedPrompt Positive, EncodedPrompt? Negative) Encode(string prompt, string? negative = null, int? unetLength = null)
    {
        using var runOptions = new RunOptions();
        return PromptPairEncoder.Encode(Encoder, prompt, negative, unetLength, runOptions);
    }

    private static double SumOf(EncodedPrompt prompt, int dimension) =>
        Enumerable.Range(0, prompt.SequenceLength).Sum(s => (double)prompt.HiddenStates[(s * prompt.HiddenSize) + dimension]);

    [Fact]
    public void Encode_StrengthensAWordAlone_WhenItIsWeightedAndTheMeanIsRestored()
    {
        var plain = Encode("red").Positive;
        var stressed = Encode("(red:1.5)").Positive;
        var softened = Encode("[red]").Positive;

        Assert.True(SumOf(stressed, RedField) > 1.4 * SumOf(plain, RedField), $"{SumOf(stressed, RedField)} vs {SumOf(plain, RedField)}");
        Assert.True(SumOf(softened, RedField) < SumOf(plain, RedField));
        Assert.Equal(plain.HiddenStates.Average(), stressed.HiddenStates.Average(), 5);
    }

    [Fact]
    public void Encode_MatchesThePlainEncoder_WhenPromptIsShortAndUnweighted()
    {
        using var runOptions = new RunOptions();

        Assert.Equal(Encoder.Encode("a red circle", runOptions).HiddenStates, Encode("a red circle").Positive.HiddenStates);
    }

    [Fact]
    public void Encode_JoinsTwoChunks_WhenPromptHas150Tokens()
    {
        var prompt = string.Join(' ', Enumerable.Repeat("photo", 119)) + " red " + string.Join(' ', Enumerable.Repeat("photo", 30));

        var (positive, negative) = Encode(prompt, "");

        Assert.Equal(154, positive.SequenceLength);
        Assert.Equal(154, negative!.SequenceLength);
        Assert.Equal(1f, positive.HiddenStates[(77 + 1 + (120 - 76)) * HiddenSize + RedField]);
        Assert.Equal(154, SumOf(negative, Presence));
    }

    [Fact]
    public void Encode_KeepsOneChunkAndCountsTheRest_WhenTheUnetIsFixedAt77()
    {
        var (positive, negative) = Encode(string.Join(' ', Enumerable.Repeat("photo", 100)), "red BREAK blue", unetLength: 77);

        Assert.Equal(77, positive.SequenceLength);
        Assert.Equal(25, positive.DroppedTokens);
        Assert.Equal(77, negative!.SequenceLength);
    }
}
