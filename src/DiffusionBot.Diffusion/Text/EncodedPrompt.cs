namespace DiffusionBot.Diffusion.Text;

/// <summary>A prompt's hidden states [sequence, hidden] and how many of its tokens did not fit.</summary>
public sealed record EncodedPrompt(float[] HiddenStates, int SequenceLength, int HiddenSize, int DroppedTokens)
{
    /// <summary>The pooled embedding (SDXL's <c>text_embeds</c>), when the encoder was asked for one.</summary>
    public float[]? Pooled { get; init; }

    /// <summary>SDXL's <c>time_ids</c> for this prompt's rows of the batch (sizes, crop, or aesthetic score).</summary>
    public float[]? TimeIds { get; init; }
}
