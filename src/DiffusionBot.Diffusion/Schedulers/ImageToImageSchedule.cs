namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' img2img rule for where the denoising loop starts for a given strength.</summary>
public static class ImageToImageSchedule
{
    /// <summary>
    /// The index into <see cref="IScheduler.Timesteps"/> to start from: init = min(⌊n·strength⌋, n),
    /// begin = (n − init)·order. Noise is added at <c>Timesteps[begin]</c>.
    /// </summary>
    public static int BeginIndex(int inferenceSteps, double strength, int order)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(strength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(strength, 1.0);
        var init = Math.Min((int)(inferenceSteps * strength), inferenceSteps);
        return (inferenceSteps - init) * order;
    }
}
