namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// One model's part of a two-stage run (<see cref="Refinement"/>): where its loop stops or starts, the latents it
/// starts from, and how its steps are numbered in the request's progress. The base hands its latents over instead of
/// decoding them.
/// </summary>
internal sealed class ExpertStage
{
    /// <summary>The timestep index the loop stops before; null runs to the end and decodes.</summary>
    public int? End { get; init; }

    /// <summary>Latents to continue from (in the scheduler's space), instead of noise or an encoded image.</summary>
    public float[]? StartLatents { get; init; }

    /// <summary>Steps the request ran before this stage, so progress counts on.</summary>
    public int StepOffset { get; init; }

    /// <summary>The request's total steps over both stages.</summary>
    public int? TotalSteps { get; init; }

    /// <summary>The model named in the PNG's parameters (the base's, for the refiner's images).</summary>
    public string? ModelName { get; init; }

    /// <summary>Appended to the PNG's parameters (A1111's "Refiner: …, Refiner switch at: …").</summary>
    public string? ParametersSuffix { get; init; }

    /// <summary>The base's latents at <see cref="End"/>, for the refiner.</summary>
    public float[]? HandedOff { get; set; }
}
