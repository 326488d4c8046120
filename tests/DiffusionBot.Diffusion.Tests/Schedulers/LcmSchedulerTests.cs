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
}
