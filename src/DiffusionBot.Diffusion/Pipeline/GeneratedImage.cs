namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>One PNG (with an A1111 <c>parameters</c> text chunk) and the seed that made it.</summary>
public sealed record GeneratedImage(byte[] Png, long Seed, bool NsfwFlagged);
