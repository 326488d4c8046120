namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>The images of one request, with what was actually used to make them.</summary>
public sealed record GenerationResult(
    IReadOnlyList<GeneratedImage> Images,
    string Model,
    string Sampler,
    int Width,
    int Height,
    int Steps,
    float GuidanceScale,
    int DroppedTokens,
    TimeSpan Elapsed);
