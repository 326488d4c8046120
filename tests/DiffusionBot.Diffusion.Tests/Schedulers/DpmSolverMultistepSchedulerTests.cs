using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class DpmSolverMultistepSchedulerTests
{
    [Fact]
    public void Timesteps_AreDpmLinspace_WhenConfigHasNoSpacing20Steps() =>
        Approx.Sequence(Create("dpm++2m", 20).Timesteps, [999, 949, 899, 849, 799], [150, 100, 50], 20);

    [Fact]
    public void Timesteps_MatchDiffusers_WhenKarras20Steps() =>
        Approx.Sequence(Create("dpm++2m_karras", 20).Timesteps,
            [999, 962, 921, 876, 827, 772, 710, 640, 561, 474, 380, 285, 197, 123, 69, 35, 15, 6, 2, 0], count: 20);

    [Fact]
    public void Sigmas_MatchDiffusers_WhenKarras20Steps() =>
        Approx.Sequence(Create("dpm++2m_karras", 20).Sigmas, [14.6146, 11.7254, 9.3402, 7.3836], [0.04848, 0.02917, 0], 21);

    [Fact]
    public void Sigmas_EndAtZero_WhenFinalSigmasTypeIsZero() => Assert.Equal(0f, Create("dpm++2m", 20).Sigmas[^1]);

    [Theory]
    [InlineData("dpm++2m")]
    [InlineData("dpm++2m_karras")]
    public void InitNoiseSigma_IsOne_WhenBuilt(string name) => Assert.Equal(1f, Create(name, 20).InitNoiseSigma);

    private static DpmSolverMultistepScheduler Create(string name, int steps)
    {
        var scheduler = (DpmSolverMultistepScheduler)SchedulerFactory.Create(name, TestConfigs.StableDiffusion15);
        scheduler.SetTimesteps(steps);
        return scheduler;
    }
}
