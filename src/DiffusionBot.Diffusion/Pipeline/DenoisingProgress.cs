using DiffusionBot.Diffusion.Device;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Called after every denoising step on the job's thread; must return quickly.</summary>
public delegate void DenoisingProgressHandler(in DenoisingProgress progress);

/// <summary>
/// Where the loop is, with views of the current latents and of the model's estimate of the finished latents, both
/// [Batch, Channels, Height, Width]. The views are the loop's own buffers: read them inside the callback. When the
/// latents live on a device they are copied to the host on first access only, so a callback that skips a preview
/// costs no copy.
/// </summary>
public readonly ref struct DenoisingProgress
{
    private readonly IStepKernel? _kernel;
    private readonly ReadOnlySpan<float> _latents;
    private readonly ReadOnlySpan<float> _predictedOriginal;

    public DenoisingProgress(int step, int totalSteps, float timestep, ReadOnlySpan<float> latents, ReadOnlySpan<float> predictedOriginal, int batch, int channels, int height, int width, float modelInputScale)
    {
        Step = step;
        TotalSteps = totalSteps;
        Timestep = timestep;
        _latents = latents;
        _predictedOriginal = predictedOriginal;
        Batch = batch;
        Channels = channels;
        Height = height;
        Width = width;
        ModelInputScale = modelInputScale;
    }

    internal DenoisingProgress(int step, int totalSteps, float timestep, IStepKernel kernel, int batch, int channels, int height, int width, float modelInputScale)
        : this(step, totalSteps, timestep, default, default, batch, channels, height, width, modelInputScale) =>
        _kernel = kernel;

    /// <summary>Steps done so far, from 1 to <see cref="TotalSteps"/>.</summary>
    public int Step { get; }

    public int TotalSteps { get; }

    public float Timestep { get; }

    /// <summary>The noisy latents after this step, in the scheduler's space (see <see cref="ModelInputScale"/>).</summary>
    public ReadOnlySpan<float> Latents => _kernel is null ? _latents : _kernel.Latents();

    /// <summary>
    /// x̂₀: this step's estimate of the finished latents (the scheduler's predicted original sample), in the UNet's
    /// latent space. Already a picture at the first step, so previews show it rather than <see cref="Latents"/>.
    /// </summary>
    public ReadOnlySpan<float> PredictedOriginal => _kernel is null ? _predictedOriginal : _kernel.PredictedOriginal();

    public int Batch { get; }

    public int Channels { get; }

    public int Height { get; }

    public int Width { get; }

    /// <summary>The scheduler's input scale at this step; latents × scale are in the UNet's (DDPM) space.</summary>
    public float ModelInputScale { get; }
}
