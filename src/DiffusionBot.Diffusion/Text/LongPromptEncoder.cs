namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// Encodes a chunked prompt with one CLIP text encoder: each chunk through a <see cref="ChunkEncoder"/>, its
/// token weights applied (<see cref="PromptEmphasis"/>), the chunks joined along the sequence axis. A model with two
/// encoders (SDXL) calls this once per encoder with the same chunks' ids from its own tokenizer.
/// </summary>
public static class LongPromptEncoder
{
    /// <summary>Runs one encoder on one chunk's ids (<see cref="ClipTokenizer.MaxLength"/> of them).</summary>
    public delegate EncodedChunk ChunkEncoder(int[] ids);

    /// <returns>The joined hidden states, with the first chunk's pooled output (A1111 keeps the first chunk's).</returns>
    public static EncodedPrompt Encode(ChunkedPrompt prompt, ChunkEncoder encodeChunk)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(encodeChunk);
        float[]? joined = null;
        float[]? pooled = null;
        var chunkLength = 0;
        for (var c = 0; c < prompt.Chunks.Count; c++)
        {
            var chunk = prompt.Chunks[c];
            var encoded = encodeChunk(chunk.Ids);
            var hidden = encoded.HiddenStates;
            if (!chunk.IsUnweighted)
            {
                PromptEmphasis.Apply(hidden, chunk.Weights);
            }

            if (c == 0)
            {
                chunkLength = hidden.Length;
                pooled = encoded.Pooled;
                joined = prompt.Chunks.Count == 1 ? hidden : new float[chunkLength * prompt.Chunks.Count];
            }
            else if (hidden.Length != chunkLength)
            {
                throw new InvalidOperationException($"Chunk {c} encoded to {hidden.Length} values, chunk 0 to {chunkLength}.");
            }

            if (joined != hidden)
            {
                hidden.CopyTo(joined!, c * chunkLength);
            }
        }

        var sequenceLength = prompt.Chunks.Count * prompt.Chunks[0].Ids.Length;
        return new EncodedPrompt(joined!, sequenceLength, joined!.Length / sequenceLength, prompt.DroppedTokens) { Pooled = pooled };
    }
}
