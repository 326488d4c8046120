using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class PndmSchedulerTests
{
    [Fact]
    public void Timesteps_RepeatTheSecond_When50Steps() =>
        Approx.Sequence(Timesteps(50), [981, 961, 961, 941, 921], [21, 1], 51);

    [Fact]
    public void Timesteps_RepeatTheSecond_When20Steps() =>
        Approx.Sequence(Timesteps(20), [951, 901, 901, 851], [51, 1], 21);

    [Fact]
    public void InitNoiseSigma_IsOne_WhenBuilt() =>
        Assert.Equal(1f, SchedulerFactory.Create("pndm", TestConfigs.StableDiffusion15).InitNoiseSigma);

    private static IReadOnlyList<float> Timesteps(int steps)
    {
        var scheduler = SchedulerFactory.Create("pndm", TestConfigs.StableDiffusion15);
        scheduler.SetTimesteps(steps);
        return scheduler.Timesteps;
    }
}
