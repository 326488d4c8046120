namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// A scheduler that applies img2img strength inside its own schedule and then runs every step, as diffusers'
/// LCMScheduler does (<c>set_timesteps(n, strength=…)</c>), instead of the pipeline cutting the schedule short.
/// </summary>
public interface IStrengthAwareScheduler
{
    /// <summary>How many schedule entries are left to pick from at <paramref name="strength"/>; fewer than the steps asked for is refused.</summary>
    int AvailableSteps(double strength);

    /// <summary>Builds an <paramref name="inferenceSteps"/>-entry schedule from the part of the training schedule <paramref name="strength"/> keeps.</summary>
    void SetTimesteps(int inferenceSteps, double strength);
}
