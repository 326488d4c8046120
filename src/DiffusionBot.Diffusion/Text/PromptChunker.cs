namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// Splits a weighted prompt into 75-token chunks the way AUTOMATIC1111 does (<c>modules/sd_hijack_clip.py</c>,
/// <c>tokenize_line</c>): each chunk is BOS, 75 tokens, EOS; <c>BREAK</c> starts a new chunk; a chunk that fills up
/// within <see cref="DefaultCommaBacktrack"/> tokens of a comma moves the words after the comma into the next chunk.
/// </summary>
public sealed class PromptChunker
{
    /// <summary>A1111's default "prompt word wrap length limit" (<c>comma_padding_backtrack</c>).</summary>
    public const int DefaultCommaBacktrack = 20;

    private readonly ClipTokenizer _tokenizer;
    private readonly int _commaBacktrack;
    private readonly int _commaId;
    private readonly PromptChunk _empty;

    public PromptChunker(ClipTokenizer tokenizer, int commaBacktrack = DefaultCommaBacktrack)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentOutOfRangeException.ThrowIfNegative(commaBacktrack);
        _tokenizer = tokenizer;
        _commaBacktrack = commaBacktrack;
        var comma = tokenizer.PromptIds(",");
        _commaId = comma.Count == 1 ? comma[0] : -1;
        _empty = Chunk([], [], 0);
    }

    /// <summary>Prompt tokens per chunk: the tokenizer's length less BOS and EOS.</summary>
    public int ChunkLength => _tokenizer.MaxLength - 2;

    /// <summary>The chunk of an empty prompt, which pads a shorter prompt of a guidance pair.</summary>
    public PromptChunk EmptyChunk => _empty;

    /// <summary>
    /// The prompt's chunks. With <paramref name="fixedChunkCount"/>, exactly that many: later chunks are dropped
    /// (counted in <see cref="ChunkedPrompt.DroppedTokens"/>) and missing ones are empty. A single fixed chunk keeps
    /// the first 75 tokens whatever the breaks and commas, as a plain CLIP tokenizer would.
    /// </summary>
    public ChunkedPrompt Split(string prompt, int? fixedChunkCount = null)
    {
        var fragments = AttentionPromptParser.Parse(prompt);
        if (fixedChunkCount is 1)
        {
            return SingleChunk(fragments);
        }

        var chunks = Split(fragments);
        if (fixedChunkCount is not { } count)
        {
            return new ChunkedPrompt(chunks, 0);
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1, nameof(fixedChunkCount));
        var dropped = chunks.Skip(count).Sum(c => c.TokenCount);
        return new ChunkedPrompt(chunks.Take(count).ToArray(), dropped).PadTo(count, _empty);
    }

    /// <summary>
    /// A prompt and its negative with the same number of chunks, the shorter padded with empty chunks (A1111 pads with
    /// the empty prompt's encoding), so both fit one UNet batch.
    /// </summary>
    public (ChunkedPrompt Positive, ChunkedPrompt? Negative) SplitPair(string prompt, string? negativePrompt, int? fixedChunkCount = null)
    {
        var positive = Split(prompt, fixedChunkCount);
        if (negativePrompt is null)
        {
            return (positive, null);
        }

        var negative = Split(negativePrompt, fixedChunkCount);
        var count = Math.Max(positive.Chunks.Count, negative.Chunks.Count);
        return (positive.PadTo(count, _empty), negative.PadTo(count, _empty));
    }

    private List<PromptChunk> Split(IReadOnlyList<PromptFragment> fragments)
    {
        var chunks = new List<PromptChunk>();
        var ids = new List<int>(ChunkLength);
        var weights = new List<float>(ChunkLength);
        var lastComma = -1;

        void NextChunk()
        {
            chunks.Add(Chunk(ids, weights, ids.Count));
            ids.Clear();
            weights.Clear();
            lastComma = -1;
        }

        foreach (var fragment in fragments)
        {
            if (fragment.IsBreak)
            {
                NextChunk();
                continue;
            }

            var weight = (float)fragment.Weight;
            foreach (var id in _tokenizer.PromptIds(fragment.Text))
            {
                if (id == _commaId)
                {
                    lastComma = ids.Count;
                }
                else if (_commaBacktrack > 0 && ids.Count == ChunkLength && lastComma >= 0 && ids.Count - lastComma <= _commaBacktrack)
                {
                    var moved = lastComma + 1;
                    var movedIds = ids[moved..];
                    var movedWeights = weights[moved..];
                    ids.RemoveRange(moved, ids.Count - moved);
                    weights.RemoveRange(moved, weights.Count - moved);
                    NextChunk();
                    ids.AddRange(movedIds);
                    weights.AddRange(movedWeights);
                }

                if (ids.Count == ChunkLength)
                {
                    NextChunk();
                }

                ids.Add(id);
                weights.Add(weight);
            }
        }

        if (ids.Count > 0 || chunks.Count == 0)
        {
            NextChunk();
        }

        return chunks;
    }

    private ChunkedPrompt SingleChunk(IReadOnlyList<PromptFragment> fragments)
    {
        var ids = new List<int>();
        var weights = new List<float>();
        foreach (var fragment in fragments)
        {
            foreach (var id in _tokenizer.PromptIds(fragment.Text))
            {
                ids.Add(id);
                weights.Add((float)fragment.Weight);
            }
        }

        var kept = Math.Min(ids.Count, ChunkLength);
        return new ChunkedPrompt([Chunk(ids[..kept], weights[..kept], kept)], ids.Count - kept);
    }

    private PromptChunk Chunk(List<int> promptIds, List<float> promptWeights, int tokenCount)
    {
        var length = _tokenizer.MaxLength;
        var ids = new int[length];
        var weights = new float[length];
        Array.Fill(weights, 1f);
        ids[0] = _tokenizer.BosId;
        promptIds.CopyTo(ids, 1);
        promptWeights.CopyTo(weights, 1);
        ids[promptIds.Count + 1] = _tokenizer.EosId;
        ids.AsSpan(promptIds.Count + 2).Fill(_tokenizer.PadId);
        return new PromptChunk(ids, weights, tokenCount);
    }
}
