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
}
