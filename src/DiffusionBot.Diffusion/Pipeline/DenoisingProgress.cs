namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Called after every denoising step on the job's thread; must return quickly.</summary>
public delegate void DenoisingProgressHandler(in DenoisingProgress progress);

/// <summary>Where the loop is, and a view of the current latents [Batch, Channels, Height, Width].</summary>
public readonly ref struct DenoisingProgress
{
    public DenoisingProgress(int step, int totalSteps, float timestep, ReadOnlySpan<float> latents, int batch, int channels, int height, int width, float modelInputScale)
    {
        Step = step;
        TotalSteps = totalSteps;
        Timestep = timestep;
        Latents = latents;
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

    public ReadOnlySpan<float> Latents { get; }

    public int Batch { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>The scheduler's input scale at this step; latents × scale are in the UNet's (DDPM) space.</summary>
    public float ModelInputScale { get; }
}
