namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// How a denoising step runs: the UNet, classifier-free guidance and the scheduler's step, either as a device graph
/// or with the step on the host. The loop is the same for both; only where the latents live differs.
/// </summary>
internal interface IStepKernel : IDisposable
{
    /// <summary>Starts a run from the host's initial <paramref name="latents"/> (seeded noise or noised init image).</summary>
    void Begin(float[] latents);

    /// <summary>Runs step <paramref name="index"/> of the scheduler's timesteps.</summary>
    void Step(int index);

    /// <summary>The input scale of the step after <paramref name="index"/> (1 after the last), for previews.</summary>
    float InputScaleAfter(int index);

    /// <summary>The current latents on the host; reading them may copy from the device (a preview that is due).</summary>
    ReadOnlySpan<float> Latents();

    /// <summary>The last step's x̂₀ on the host; reading it may copy from the device.</summary>
    ReadOnlySpan<float> PredictedOriginal();

    /// <summary>The finished latents, copied to the host once.</summary>
    float[] Finish();
}
