namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// The diffusers scheduler contract: <see cref="SetTimesteps"/> first, then for each timestep
/// scale the model input, run the model, and <see cref="Step"/>. All span math is in place so the
/// denoising loop allocates nothing per step.
/// </summary>
public interface IScheduler
{
    /// <summary>Number of model evaluations per timestep entry group (PNDM repeats a timestep).</summary>
    int Order { get; }

    /// <summary>Standard deviation of the initial noise (σmax-based for Euler-family schedulers, 1 otherwise).</summary>
    float InitNoiseSigma { get; }

    /// <summary>The timesteps of the current schedule, fractional where diffusers keeps them fractional.</summary>
    IReadOnlyList<float> Timesteps { get; }

    /// <summary>Builds the schedule for <paramref name="inferenceSteps"/> steps and resets all per-run state.</summary>
    void SetTimesteps(int inferenceSteps);

    /// <summary>Starts the loop at <c>Timesteps[beginIndex]</c> (img2img); call after <see cref="SetTimesteps"/>.</summary>
    void SetBeginIndex(int beginIndex);

    /// <summary>The factor diffusers' <c>scale_model_input</c> multiplies the sample by at this timestep.</summary>
    float ModelInputScale(float timestep);

    /// <summary>
    /// x̂₀ after the last <see cref="Step"/>: the model's estimate at that step of the finished sample (diffusers'
    /// <c>pred_original_sample</c>; LCM's <c>denoised</c>), in the same latent space as a clean sample, unscaled.
    /// A view of a buffer the scheduler reuses: read it before the next step.
    /// </summary>
    ReadOnlySpan<float> PredictedOriginalSample { get; }

    /// <summary>Advances <paramref name="sample"/> in place from <paramref name="timestep"/> to the next one.</summary>
    void Step(ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, INoiseSource noise);

    /// <summary>Noises a clean <paramref name="sample"/> in place to the level of <paramref name="timestep"/> (img2img).</summary>
    void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, float timestep);
}
