using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class ImageToImageScheduleTests
{
    [Theory]
    [InlineData(50, 0.8, 1, 10)]
    [InlineData(50, 1.0, 1, 0)]
    [InlineData(2, 0.5, 1, 1)]
    [InlineData(10, 0.7, 1, 3)]
    [InlineData(10, 0.3, 2, 14)]
    public void BeginIndex_FollowsDiffusers_WhenStrengthVaries(int steps, double strength, int order, int expected) =>
        Assert.Equal(expected, ImageToImageSchedule.BeginIndex(steps, strength, order));

    // Python: int(10*0.7) == 7, int(25*0.04) == 1, int(25*0.03) == 0 (25*0.03 is 0.75), int(100*0.29) == 28
    // (100*0.29 is 28.999999999999996). Widening the float instead would give 6 and 0 for the first two.
    [Theory]
    [InlineData(10, 0.7f, 7)]
    [InlineData(25, 0.04f, 1)]
    [InlineData(25, 0.03f, 0)]
    [InlineData(100, 0.29f, 28)]
    [InlineData(20, 1f, 20)]
    public void InitSteps_FollowsPythonsDoubleArithmetic_WhenStrengthComesAsAFloat(int steps, float strength, int expected) =>
        Assert.Equal(expected, ImageToImageSchedule.InitSteps(steps, ImageToImageSchedule.AsWritten(strength)));

    [Fact]
    public void AsWritten_ReadsTheFloatsShortestDecimal_WhenWidening()
    {
        Assert.Equal(0.7, ImageToImageSchedule.AsWritten(0.7f));
        Assert.NotEqual(0.7, (double)0.7f);
    }
}
