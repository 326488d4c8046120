namespace DiffusionBot.Diffusion.Text;

/// <summary>A prompt's hidden states [sequence, hidden] and how many of its tokens did not fit.</summary>
public sealed record EncodedPrompt(float[] HiddenStates, int SequenceLength, int HiddenSize, int DroppedTokens);
