namespace DiffusionBot.Diffusion.Text;

/// <summary>The parts of a Hugging Face tokenizer config that change the ids a CLIP tokenizer gives.</summary>
public sealed record TokenizerSettings
{
    /// <summary>CLIP's text encoder has 77 position embeddings.</summary>
    public const int DefaultMaxLength = 77;

    /// <remarks>
    /// SD1.x and SDXL's first encoder pad with <c>&lt;|endoftext|&gt;</c>. SD2.x and SDXL's
    /// <c>tokenizer_2</c> (OpenCLIP) pad with <c>!</c>, which is id 0; their configs say so.
    /// </remarks>
    public const string DefaultPadToken = "<|endoftext|>";

    public static TokenizerSettings Default { get; } = new();

    /// <summary>Length of every encoded prompt, BOS and EOS included.</summary>
    public int MaxLength { get; init; } = DefaultMaxLength;

    /// <summary>The vocabulary entry whose id fills the prompt after EOS.</summary>
    public string PadToken { get; init; } = DefaultPadToken;
}
