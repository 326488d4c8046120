using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// A prompt and its negative through one text encoder, weighted and chunked, with the same number of chunks so both
/// fit one UNet batch.
/// </summary>
public static class PromptPairEncoder
{
    /// <param name="encoder">The text encoder.</param>
    /// <param name="prompt">The prompt in A1111's syntax.</param>
    /// <param name="negativePrompt">The negative prompt, or null when guidance needs no unconditional row.</param>
    /// <param name="unetSequenceLength">The UNet's fixed <c>encoder_hidden_states</c> length, or null when it takes any.</param>
    /// <param name="runOptions">Cancels the encoder runs.</param>
    public static (EncodedPrompt Positive, EncodedPrompt? Negative) Encode(TextEncoder encoder, string prompt, string? negativePrompt, int? unetSequenceLength, RunOptions runOptions)
    {
        ArgumentNullException.ThrowIfNull(encoder);
        var (positive, negative) = encoder.Chunker.SplitPair(prompt, negativePrompt, FixedChunkCount(unetSequenceLength, encoder.SequenceLength));
        LongPromptEncoder.ChunkEncoder encode = ids => encoder.EncodeChunk(ids, runOptions);
        return (LongPromptEncoder.Encode(positive, encode), negative is null ? null : LongPromptEncoder.Encode(negative, encode));
    }

    /// <summary>How many chunks a UNet of fixed sequence length takes (one for the common 77), or null for any number.</summary>
    public static int? FixedChunkCount(int? unetSequenceLength, int chunkSequenceLength) =>
        unetSequenceLength is { } length ? Math.Max(1, length / chunkSequenceLength) : null;
}
