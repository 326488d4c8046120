namespace DiffusionBot.Diffusion.Text;

/// <summary>What one CLIP text encoder returns for one chunk.</summary>
/// <param name="HiddenStates">[sequence, hidden] for the chunk's ids, before emphasis.</param>
/// <param name="Pooled">The pooled (projected) output when the caller needs it, e.g. SDXL's <c>text_embeds</c>.</param>
public sealed record EncodedChunk(float[] HiddenStates, float[]? Pooled = null);
