using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class DdimSchedulerTests
{
    [Fact]
    public void Timesteps_AreLeadingWithOffset_WhenConfigHasNoSpacing20Steps() =>
        Approx.Sequence(Timesteps(TestConfigs.StableDiffusion15, 20), [951, 901, 851, 801, 751], [51, 1], 20);

    [Fact]
    public void Timesteps_AreLeadingWithOffset_WhenConfigHasNoSpacing50Steps() =>
        Approx.Sequence(Timesteps(TestConfigs.StableDiffusion15, 50), [981, 961, 941, 921, 901], [21, 1], 50);

    [Fact]
    public void Timesteps_AreTrailing_When20Steps() =>
        Approx.Sequence(Timesteps(TestConfigs.WithSpacing("trailing"), 20), [999, 949, 899, 849, 799], [149, 99, 49], 20);

    [Fact]
    public void Timesteps_AreTrailing_When50Steps() =>
        Approx.Sequence(Timesteps(TestConfigs.WithSpacing("trailing"), 50), [999, 979, 959], [39, 19], 50);

    [Theory]
    [InlineData(1, new double[] { 999 })]
    [InlineData(2, new double[] { 999, 499 })]
    [InlineData(3, new double[] { 999, 666, 332 })]
    [InlineData(4, new double[] { 999, 749, 499, 249 })]
    public void Timesteps_AreTrailing_WhenFewSteps(int steps, double[] expected) =>
        Approx.Sequence(Timesteps(TestConfigs.WithSpacing("trailing"), steps), expected, count: steps);

    [Fact]
    public void Timesteps_AreRoundedLinspace_WhenLinspace20Steps() =>
        Approx.Sequence(Timesteps(TestConfigs.WithSpacing("linspace"), 20), [999, 946, 894, 841, 789], [0], 20);

    [Fact]
    public void InitNoiseSigma_IsOne_WhenBuilt() => Assert.Equal(1f, Create(TestConfigs.StableDiffusion15).InitNoiseSigma);

    [Fact]
    public void BeginIndex_StartsAt781With40Steps_WhenLeading50StepsAndStrength08()
    {
        var scheduler = Create(TestConfigs.StableDiffusion15);
        scheduler.SetTimesteps(50);

        var begin = ImageToImageSchedule.BeginIndex(50, 0.8, scheduler.Order);

        Assert.Equal(781f, scheduler.Timesteps[begin]);
        Assert.Equal(40, scheduler.Timesteps.Count - begin);
    }

    private static IScheduler Create(SchedulerConfig config) => SchedulerFactory.Create("ddim", config);

    private static IReadOnlyList<float> Timesteps(SchedulerConfig config, int steps)
    {
        var scheduler = Create(config);
        scheduler.SetTimesteps(steps);
        return scheduler.Timesteps;
    }
}
