using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class EulerDiscreteSchedulerTests
{
    [Fact]
    public void Timesteps_AreFractionalLinspace_WhenConfigHasNoSpacing20Steps() =>
        Approx.Sequence(Create(TestConfigs.StableDiffusion15, 20).Timesteps,
            [999.0, 946.4211, 893.8421, 841.2632, 788.6842], [52.5789, 0.0], 20);

    [Fact]
    public void Timesteps_AreFractionalLinspace_WhenConfigHasNoSpacing50Steps() =>
        Approx.Sequence(Create(TestConfigs.StableDiffusion15, 50).Timesteps, [999.0, 978.6122, 958.2245], [20.3878, 0.0], 50);

    [Fact]
    public void Sigmas_AreInterpolatedWithZeroAppended_WhenLinspace20Steps() =>
        Approx.Sequence(Create(TestConfigs.StableDiffusion15, 20).Sigmas, [14.61465, 10.74685, 8.08154], [0.029168, 0], 21);

    [Fact]
    public void Sigmas_MatchDiffusers_WhenLeading50Steps() =>
        Approx.Sequence(Create(TestConfigs.WithSpacing("leading"), 50).Sigmas, [13.12042, 11.67605, 10.42505], [0], 51);

    [Fact]
    public void Sigmas_MatchDiffusers_WhenTrailing4Steps() =>
        Approx.Sequence(Create(TestConfigs.WithSpacing("trailing"), 4).Sigmas, [14.6146, 4.0817, 1.6129, 0.6932, 0], count: 5);

    [Theory]
    [InlineData(null, 20, 14.61465)]
    [InlineData("linspace", 50, 14.61465)]
    [InlineData("trailing", 4, 14.61465)]
    [InlineData("leading", 50, 13.15847)]
    [InlineData("leading", 20, 11.07358)]
    public void InitNoiseSigma_MatchesDiffusers_WhenSpacingVaries(string? spacing, int steps, double expected) =>
        Approx.Equal(expected, Create(TestConfigs.StableDiffusion15 with { TimestepSpacing = spacing }, steps).InitNoiseSigma);

    [Fact]
    public void ModelInputScale_IsInverseOfSqrtSigmaSquaredPlusOne_WhenFirstStep()
    {
        var scheduler = Create(TestConfigs.StableDiffusion15, 20);

        Approx.Equal(1 / Math.Sqrt((14.61465 * 14.61465) + 1), scheduler.ModelInputScale(scheduler.Timesteps[0]));
    }

    [Fact]
    public void BeginIndex_StartsAt781With40Steps_WhenLeading50StepsAndStrength08()
    {
        var scheduler = Create(TestConfigs.WithSpacing("leading"), 50);

        var begin = ImageToImageSchedule.BeginIndex(50, 0.8, scheduler.Order);

        Assert.Equal(781f, scheduler.Timesteps[begin]);
        Assert.Equal(40, scheduler.Timesteps.Count - begin);
    }

    private static EulerDiscreteScheduler Create(SchedulerConfig config, int steps)
    {
        var scheduler = (EulerDiscreteScheduler)SchedulerFactory.Create("euler", config);
        scheduler.SetTimesteps(steps);
        return scheduler;
    }
}
