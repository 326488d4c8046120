namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// diffusers' ensemble of expert denoisers: the base stops at <c>denoising_end</c> and the refiner starts at
/// <c>denoising_start</c>, both the same fraction f of the training schedule. The cutoff is
/// <c>int(round(T − f·T))</c>; the base keeps the timesteps ≥ cutoff, the refiner runs those below it (one more for
/// a second-order scheduler when the count is even), each from the same full schedule.
/// </summary>
internal static class ExpertSplit
{
    public const int TrainTimesteps = 1000;

    /// <summary>The index the base stops before.</summary>
    public static int BaseEnd(IReadOnlyList<float> timesteps, float fraction)
    {
        var cutoff = Cutoff(fraction);
        var count = 0;
        foreach (var t in timesteps)
        {
            count += t >= cutoff ? 1 : 0;
        }

        return count;
    }

    /// <summary>The index the refiner begins at.</summary>
    public static int RefinerBegin(IReadOnlyList<float> timesteps, float fraction, int order)
    {
        var cutoff = Cutoff(fraction);
        var remaining = 0;
        foreach (var t in timesteps)
        {
            remaining += t < cutoff ? 1 : 0;
        }

        if (order == 2 && remaining % 2 == 0)
        {
            remaining++;
        }

        return timesteps.Count - remaining;
    }

    /// <summary>Python's <c>int(round(1000 − f·1000))</c> in double precision (round half to even).</summary>
    private static double Cutoff(float fraction) =>
        (int)Math.Round(TrainTimesteps - ((double)fraction * TrainTimesteps), MidpointRounding.ToEven);
}
