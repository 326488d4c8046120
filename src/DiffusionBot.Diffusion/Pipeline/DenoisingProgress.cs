namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Called after every denoising step on the job's thread; must return quickly.</summary>
public delegate void DenoisingProgressHandler(in DenoisingProgress progress);

/// <summary>
/// Where the loop is, with views of the current latents and of the model's estimate of the finished latents, both
/// [Batch, Channels, Height, Width]. The views are the loop's own buffers: read them inside the callback.
/// </summary>
public readonly ref struct DenoisingProgress
{
    public DenoisingProgress(int step, int totalSteps, float timestep, ReadOnlySpan<float> latents, ReadOnlySpan<float> predictedOriginal, int batch, int channels, int height, int width, float modelInputScale)
    {
        Step = step;
        TotalSteps = totalSteps;
        Timestep = timestep;
        Latents = latents;
        PredictedOriginal = predictedOriginal;
        Batch = batch;
        Channels = channels;
        Height = height;
        Width = width;
        ModelInputScale = modelInputScale;
    }

    /// <summary>Steps done so far, from 1 to <see cref="TotalSteps"/>.</summary>
    public int Step { get; }

    public int TotalSteps { get; }

    public float Timestep { get; }

    /// <summary>The noisy latents after this step, in the scheduler's space (see <see cref="ModelInputScale"/>).</summary>
    public ReadOnlySpan<float> Latents { get; }

    /// <summary>
    /// x̂₀: this step's estimate of the finished latents (the scheduler's predicted original sample), in the UNet's
    /// latent space. Already a picture at the first step, so previews show it rather than <see cref="Latents"/>.
    /// </summary>
    public ReadOnlySpan<float> PredictedOriginal { get; }

    public int Batch { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>The scheduler's input scale at this step; latents × scale are in the UNet's (DDPM) space.</summary>
    public float ModelInputScale { get; }
}
