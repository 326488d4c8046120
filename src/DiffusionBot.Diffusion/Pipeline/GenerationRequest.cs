namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>What to paint. Image <c>i</c> of a request uses seed <c>Seed + i</c> (the A1111 convention).</summary>
public sealed record GenerationRequest
{
    public required string Prompt { get; init; }

    public string NegativePrompt { get; init; } = "";

    public int Width { get; init; } = EngineOptions.DefaultSize;

    public int Height { get; init; } = EngineOptions.DefaultSize;

    public int Steps { get; init; } = EngineOptions.DefaultSteps;

    public float GuidanceScale { get; init; } = EngineOptions.DefaultGuidance;

    public long Seed { get; init; }

    public int Count { get; init; } = 1;

    /// <summary>A scheduler name (see <c>SchedulerFactory.Names</c>); null for the model's own.</summary>
    public string? Sampler { get; init; }

    /// <summary>An encoded PNG, JPEG or WebP image for image-to-image; null for text-to-image.</summary>
    public byte[]? InitImage { get; init; }

    /// <summary>How much of the init image is repainted, in (0, 1] (diffusers' strength rule).</summary>
    public float Strength { get; init; } = 0.75f;

    /// <summary>LoRAs by name (files in the model's or the global <c>loras/</c> folder) and weight; merged when the session is created.</summary>
    public IReadOnlyList<Lora.LoraSpec> Loras { get; init; } = [];

    /// <summary>An encoded mask the size of the init image: white is repainted, black kept; null repaints everything.</summary>
    public byte[]? Mask { get; init; }

    /// <summary>Gaussian blur of the mask in pixels (A1111's "Mask blur").</summary>
    public int MaskBlur { get; init; } = 4;

    /// <summary>
    /// A1111's "Inpaint area: Only masked" with this "Masked area padding" in pixels: the masked part and its padding are
    /// repainted at the request's full size and pasted back; null repaints at the whole image's scale.
    /// </summary>
    public int? OnlyMaskedPadding { get; init; }
}
