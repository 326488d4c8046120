using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class SchedulerMathTests
{
    private static readonly float[] AlphasCumprod = SchedulerMath.AlphasCumprod(TestConfigs.StableDiffusion15);

    [Theory]
    [InlineData(0, 0.99915)]
    [InlineData(1, 0.998296)]
    [InlineData(500, 0.276332)]
    [InlineData(999, 0.0046600951)]
    public void AlphasCumprod_MatchesDiffusers_WhenScaledLinear(int index, double expected) =>
        Approx.Equal(expected, AlphasCumprod[index]);

    [Fact]
    public void AlphasCumprod_HasSqrtMatchingDiffusers_WhenLastTimestep() =>
        Approx.Equal(0.068265, MathF.Sqrt(AlphasCumprod[999]));

    [Theory]
    [InlineData(0, 0.0291675)]
    [InlineData(500, 1.61828)]
    [InlineData(999, 14.61465)]
    public void TrainSigmas_MatchDiffusers_WhenScaledLinear(int index, double expected) =>
        Approx.Equal(expected, SchedulerMath.TrainSigmas(AlphasCumprod)[index]);

    [Fact]
    public void SigmaToTimestep_InvertsInterpolation_WhenSigmaIsATrainingSigma()
    {
        var sigmas = SchedulerMath.TrainSigmas(AlphasCumprod);

        Assert.Equal(500, SchedulerMath.SigmaToTimestep(sigmas[500], sigmas), 3);
    }

    [Fact]
    public void IndexForTimestep_PicksTheSecondMatch_WhenATimestepRepeats() =>
        Assert.Equal(2, SchedulerMath.IndexForTimestep([981, 961, 961, 941], 961));
}
