namespace DiffusionBot.Diffusion.Text;

/// <summary>A prompt split into text-encoder chunks, and how many of its tokens had no room.</summary>
/// <param name="Chunks">The chunks, in prompt order; at least one.</param>
/// <param name="DroppedTokens">Prompt tokens left out because the UNet takes a fixed number of chunks.</param>
public sealed record ChunkedPrompt(IReadOnlyList<PromptChunk> Chunks, int DroppedTokens)
{
    /// <summary>This prompt followed by <paramref name="empty"/> chunks up to <paramref name="count"/> in all.</summary>
    public ChunkedPrompt PadTo(int count, PromptChunk empty) =>
        Chunks.Count >= count ? this : this with { Chunks = [.. Chunks, .. Enumerable.Repeat(empty, count - Chunks.Count)] };
}
