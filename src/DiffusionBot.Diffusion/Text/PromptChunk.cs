namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// One text-encoder input of a long prompt: BOS, up to 75 prompt tokens, EOS, padding, with a weight per position
/// (1 for BOS, EOS and padding).
/// </summary>
/// <param name="Ids">The ids, <see cref="ClipTokenizer.MaxLength"/> long.</param>
/// <param name="Weights">The attention weight of each id.</param>
/// <param name="TokenCount">How many of the ids are prompt tokens.</param>
public sealed record PromptChunk(int[] Ids, float[] Weights, int TokenCount)
{
    /// <summary>Whether every weight is 1, so the encoder's output needs no emphasis.</summary>
    public bool IsUnweighted => !Weights.AsSpan().ContainsAnyExcept(1f);
}
