namespace DiffusionBot.Diffusion.Text;

/// <summary>
/// A prompt as the text encoder takes it: exactly <see cref="ClipTokenizer.MaxLength"/> ids,
/// BOS first, EOS after the last kept token, then padding.
/// </summary>
/// <param name="Ids">The ids, always <see cref="ClipTokenizer.MaxLength"/> long.</param>
/// <param name="DroppedTokens">How many prompt tokens were cut to fit, so the user can be warned.</param>
public sealed record TokenizedPrompt(ReadOnlyMemory<int> Ids, int DroppedTokens)
{
    public bool WasTruncated => DroppedTokens > 0;
}
