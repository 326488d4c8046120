using DiffusionBot.Diffusion.Text;

namespace DiffusionBot.Diffusion.Tests.Text;

public sealed class LongPromptEncoderTests
{
    private const int HiddenSize = 2;

    /// <summary>A stand-in CLIP: position p of a chunk encodes to [id, 1], and the pooled output is the first id.</summary>
    private static EncodedChunk Encode(int[] ids) =>
        new([.. ids.SelectMany(id => new float[] { id, 1f })], [ids[1]]);

    private static PromptChunk Chunk(int[] ids, float[]? weights = null) =>
        new(ids, weights ?? [.. ids.Select(_ => 1f)], ids.Length - 2);

    [Fact]
    public void Encode_JoinsChunksAlongTheSequence_InPromptOrder()
    {
        var prompt = new ChunkedPrompt([Chunk([1, 10, 2]), Chunk([1, 20, 2])], DroppedTokens: 0);

        var encoded = LongPromptEncoder.Encode(prompt, Encode);
        var pooled = encoded.Pooled;

        Assert.Equal(6, encoded.SequenceLength);
        Assert.Equal(HiddenSize, encoded.HiddenSize);
        Assert.Equal([1f, 1f, 10f, 1f, 2f, 1f, 1f, 1f, 20f, 1f, 2f, 1f], encoded.HiddenStates);
        Assert.Equal([10f], pooled!);
    }

    [Fact]
    public void Encode_AppliesEachChunksWeightsToThatChunkOnly()
    {
        var prompt = new ChunkedPrompt([Chunk([1, 10, 2]), Chunk([1, 20, 2], [1f, 2f, 1f])], DroppedTokens: 3);

        var encoded = LongPromptEncoder.Encode(prompt, Encode);

        Assert.Equal([1f, 1f, 10f, 1f, 2f, 1f], encoded.HiddenStates[..6]);
        var second = encoded.HiddenStates[6..];
        Assert.Equal(26.0, second.Sum(), 4);
        Assert.Equal(2 * 20.0 / 2.0, second[2] / second[4], 4);
        Assert.Equal(3, encoded.DroppedTokens);
    }
}
