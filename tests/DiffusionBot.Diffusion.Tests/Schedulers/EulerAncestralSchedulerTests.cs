using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class EulerAncestralSchedulerTests
{
    [Fact]
    public void Timesteps_AreFractionalLinspace_WhenConfigHasNoSpacing20Steps() =>
        Approx.Sequence(Create(TestConfigs.StableDiffusion15, 20).Timesteps,
            [999.0, 946.4211, 893.8421, 841.2632, 788.6842], [52.5789, 0.0], 20);

    [Theory]
    [InlineData(1, new double[] { 999 })]
    [InlineData(2, new double[] { 999, 499 })]
    [InlineData(3, new double[] { 999, 666, 332 })]
    [InlineData(4, new double[] { 999, 749, 499, 249 })]
    public void Timesteps_AreTrailing_WhenTurboStepCounts(int steps, double[] expected) =>
        Approx.Sequence(Create(TestConfigs.WithSpacing("trailing"), steps).Timesteps, expected, count: steps);

    [Fact]
    public void Sigmas_MatchDiffusers_WhenTrailing4Steps() =>
        Approx.Sequence(Create(TestConfigs.WithSpacing("trailing"), 4).Sigmas, [14.6146, 4.0817, 1.6129, 0.6932, 0], count: 5);

    [Theory]
    [InlineData("trailing", 4, 14.61465)]
    [InlineData("leading", 50, 13.15847)]
    public void InitNoiseSigma_MatchesDiffusers_WhenSpacingVaries(string spacing, int steps, double expected) =>
        Approx.Equal(expected, Create(TestConfigs.WithSpacing(spacing), steps).InitNoiseSigma);

    [Fact]
    public void Step_DrawsNoiseEveryStep_WhenRunToTheEnd()
    {
        var scheduler = Create(TestConfigs.WithSpacing("trailing"), 4);
        var noise = new CountingNoise();
        var sample = new float[8];

        foreach (var t in scheduler.Timesteps)
        {
            scheduler.Step(new float[8], t, sample, noise);
        }

        Assert.Equal(4, noise.Calls);
    }

    private static EulerAncestralScheduler Create(SchedulerConfig config, int steps)
    {
        var scheduler = (EulerAncestralScheduler)SchedulerFactory.Create("euler_a", config);
        scheduler.SetTimesteps(steps);
        return scheduler;
    }

    private sealed class CountingNoise : INoiseSource
    {
        public int Calls { get; private set; }

        public void FillGaussian(Span<float> destination) => Calls++;
    }
}
