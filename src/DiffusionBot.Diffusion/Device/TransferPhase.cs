namespace DiffusionBot.Diffusion.Device;

/// <summary>Why the loop moved bytes between host and device, so a benchmark can tell per-step copies from one-off ones.</summary>
public enum TransferPhase
{
    /// <summary>Once per request: embeddings, the seeded noise, the schedule's per-step values.</summary>
    Setup,

    /// <summary>Inside a denoising step; zero when the scheduler's step runs as a device graph.</summary>
    Step,

    /// <summary>A preview that was due: latents read for the progress callback.</summary>
    Preview,

    /// <summary>The finished latents read once for decoding.</summary>
    Result,
}
