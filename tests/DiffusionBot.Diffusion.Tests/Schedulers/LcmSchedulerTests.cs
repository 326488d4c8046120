using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class LcmSchedulerTests
{
    [Theory]
    [InlineData(1, new double[] { 999 })]
    [InlineData(2, new double[] { 999, 499 })]
    [InlineData(4, new double[] { 999, 759, 499, 259 })]
    [InlineData(8, new double[] { 999, 879, 759, 639, 499, 379, 259, 139 })]
    public void Timesteps_MatchDiffusers_WhenOriginalSchedule50(int steps, double[] expected)
    {
        var scheduler = SchedulerFactory.Create("lcm", TestConfigs.StableDiffusion15 with { ClassName = "LCMScheduler" });

        scheduler.SetTimesteps(steps);

        Approx.Sequence(scheduler.Timesteps, expected, count: steps);
    }

    [Fact]
    public void Step_ReturnsTheDenoisedSampleWithoutNoise_WhenLastStep()
    {
        var scheduler = SchedulerFactory.Create("lcm", TestConfigs.StableDiffusion15);
        scheduler.SetTimesteps(1);
        var sample = new float[] { 1f };

        scheduler.Step([0f], 999, sample, new SeededNoise(1));

        // ε = 0 gives x0 = x/√ᾱ; c_skip at t = 999 is ~2.5e-8, so the result is c_out·x0.
        var cOut = 9990 / Math.Sqrt((9990.0 * 9990.0) + 0.25);
        Approx.Equal(cOut / 0.068265, sample[0]);
    }

    // diffusers' LCMScheduler.set_timesteps(n, strength=s) with original_inference_steps 50, T 1000 (k = 20):
    // L = int(50·s) origin entries [20L−1, …, 39, 19], n of them at floor(linspace(0, L, n, endpoint=False)).
    // s = 0.5, n = 4: L = 25, indices [0, 6, 12, 18] → [499, 379, 259, 139].
    // s = 0.7, n = 4: L = int(35.0) = 35, indices [0, 8, 17, 26] → [699, 539, 359, 179]
    // (0.7f widened gives L = 34 and [679, 519, 339, 179], which is why the strength goes through AsWritten).
    // s = 0.5, n = 2: L = 25, indices [0, 12] → [499, 259]. s = 1 gives the plain schedule.
    [Theory]
    [InlineData(4, 0.5f, new double[] { 499, 379, 259, 139 })]
    [InlineData(4, 0.7f, new double[] { 699, 539, 359, 179 })]
    [InlineData(2, 0.5f, new double[] { 499, 259 })]
    [InlineData(4, 1f, new double[] { 999, 759, 499, 259 })]
    public void Timesteps_MatchDiffusers_WhenImageToImageStrengthShortensTheSchedule(int steps, float strength, double[] expected)
    {
        var scheduler = (IStrengthAwareScheduler)SchedulerFactory.Create("lcm", TestConfigs.StableDiffusion15 with { ClassName = "LCMScheduler" });

        scheduler.SetTimesteps(steps, ImageToImageSchedule.AsWritten(strength));

        Approx.Sequence(((IScheduler)scheduler).Timesteps, expected, count: steps);
    }

    [Fact]
    public void SetTimesteps_Throws_WhenStrengthLeavesFewerEntriesThanSteps()
    {
        var scheduler = (IStrengthAwareScheduler)SchedulerFactory.Create("lcm", TestConfigs.StableDiffusion15);

        Assert.Equal(2, scheduler.AvailableSteps(0.05));
        Assert.Throws<ArgumentOutOfRangeException>(() => scheduler.SetTimesteps(4, 0.05));
    }
}
