using System.Globalization;

namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' img2img rule for where the denoising loop starts for a given strength.</summary>
public static class ImageToImageSchedule
{
    /// <summary>
    /// diffusers' <c>init_timestep = min(int(n·strength), n)</c> in double precision, as Python computes it:
    /// the number of schedule entries img2img runs (0.7 at 10 steps is 7; 0.03 at 25 steps is 0).
    /// </summary>
    public static int InitSteps(int inferenceSteps, double strength)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceSteps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(strength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(strength, 1.0);
        return Math.Min((int)(inferenceSteps * strength), inferenceSteps);
    }

    /// <summary>
    /// The index into <see cref="IScheduler.Timesteps"/> to start from: init = min(⌊n·strength⌋, n),
    /// begin = (n − init)·order. Noise is added at <c>Timesteps[begin]</c>.
    /// </summary>
    public static int BeginIndex(int inferenceSteps, double strength, int order) =>
        (inferenceSteps - InitSteps(inferenceSteps, strength)) * order;

    /// <summary>
    /// The strength the user wrote, as Python would read it. A request carries a <see cref="float"/>, and widening
    /// 0.7f gives 0.69999998…, whose product with 10 truncates to 6; the float's shortest decimal ("0.7") read as a
    /// double gives 0.7, whose product with 10 is 7.000000000000001, as in Python.
    /// </summary>
    public static double AsWritten(float strength) =>
        double.Parse(strength.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
}
