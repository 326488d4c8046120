using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Chat.Prompts;

/// <summary>
/// What a user asked for, as written: every setting the user left out is null and takes the engine's default in
/// <see cref="ToGenerationRequest"/>. <see cref="PromptFlagParser"/> builds it from <c>/imagine</c> text.
/// </summary>
public sealed record PromptSpec
{
    public required string Prompt { get; init; }

    /// <summary>What to avoid (<c>--no</c>); empty when none.</summary>
    public string NegativePrompt { get; init; } = "";

    /// <summary>From 0 to 4294967295; null until the dispatcher draws one.</summary>
    public long? Seed { get; init; }

    public int? Steps { get; init; }

    /// <summary>The classifier-free guidance scale (<c>--cfg</c>, <c>--guidance</c>).</summary>
    public float? Guidance { get; init; }

    /// <summary>Set together with <see cref="Height"/> (<c>--size</c> or <c>--ar</c>), or neither is.</summary>
    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>
    /// The ratio (width / height) <c>--ar</c> asked for; <see cref="Width"/> and <see cref="Height"/> hold its size at
    /// the engine's default area, and <see cref="ResolveSize"/> swaps in the nearest trained size on a family that has them (SDXL).
    /// </summary>
    public double? AspectRatio { get; init; }

    /// <summary>How many images (<c>--n</c>, <c>--count</c>).</summary>
    public int? Count { get; init; }

    /// <summary>A name from <c>SchedulerFactory.Names</c>, in its canonical spelling.</summary>
    public string? Sampler { get; init; }

    /// <summary>A model folder name; whether it exists is the dispatcher's question.</summary>
    public string? Model { get; init; }

    /// <summary>True when <c>--refine</c> asks for the model's paired refiner as a second stage; null otherwise.</summary>
    public bool? Refine { get; init; }

    /// <summary>How much of an init image is repainted, in (0, 1]; only image-to-image uses it.</summary>
    public float? Strength { get; init; }

    /// <summary>
    /// LoRAs by name and weight (<c>--lora</c>, <c>&lt;lora:name:w&gt;</c>), already taken out of <see cref="Prompt"/>;
    /// null when none, so specs without LoRAs keep value equality and their stored JSON is unchanged.
    /// </summary>
    public IReadOnlyList<Diffusion.Lora.LoraSpec>? Loras { get; init; }

    /// <summary>A single-image button's edit (<see cref="Edits.ImageEdit"/>) applied to the init image; null for none.</summary>
    public string? Edit { get; init; }

    /// <summary>The model to run: <see cref="Model"/> or the configured default.</summary>
    public string ResolveModel(EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Model ?? options.DefaultModel;
    }

    /// <summary>
    /// The size to paint on <paramref name="model"/>: <c>--ar</c>'s nearest trained size where the family has them,
    /// else what the user set, else the model's default, else the engine's.
    /// </summary>
    public (int Width, int Height) ResolveSize(ModelDefaults model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return AspectRatio is { } ratio && model.SizeForAspectRatio(ratio) is { } trained
            ? trained
            : (Width ?? model.Width ?? EngineOptions.DefaultSize, Height ?? model.Height ?? EngineOptions.DefaultSize);
    }

    /// <summary>
    /// The engine request: what the user set, else the model's own defaults (<see cref="ModelDefaults"/>), else the engine's.
    /// </summary>
    /// <param name="options">Supplies the default steps, guidance and sampler.</param>
    /// <param name="seed">The seed to use when <see cref="Seed"/> is null.</param>
    /// <param name="initImage">An encoded image for image-to-image; null for text-to-image.</param>
    /// <param name="model">The model's defaults (a Turbo model's 1 step and guidance 0); null for none.</param>
    public GenerationRequest ToGenerationRequest(EngineOptions options, long seed, byte[]? initImage = null, ModelDefaults? model = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        model ??= ModelDefaults.None;
        var (width, height) = ResolveSize(model);
        var request = new GenerationRequest
        {
            Prompt = Prompt,
            NegativePrompt = NegativePrompt is { Length: > 0 } ? NegativePrompt : model.NegativePrompt ?? "",
            Width = width,
            Height = height,
            Steps = Steps ?? model.Steps ?? options.DefaultStepCount,
            GuidanceScale = Guidance ?? model.Guidance ?? options.DefaultGuidanceScale,
            Seed = Seed ?? seed,
            Count = Count ?? 1,
            Sampler = Sampler ?? model.Sampler ?? (options.DefaultSampler is { Length: > 0 } sampler ? sampler : null),
            InitImage = initImage,
            Loras = Loras ?? [],
        };
        return Strength is { } strength ? request with { Strength = strength } : request;
    }
}
