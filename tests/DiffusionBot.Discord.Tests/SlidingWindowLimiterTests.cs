using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Discord.Tests;

public sealed class SlidingWindowLimiterTests
{
    [Fact]
    public void TryAcquire_Allows120PerMinute_ThenSaysWhenTheOldestExpires()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingWindowLimiter(120, TimeSpan.FromSeconds(60), time);

        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire());
        time.Advance(TimeSpan.FromSeconds(10));
        for (var i = 1; i < 120; i++)
        {
            Assert.Equal(TimeSpan.Zero, limiter.TryAcquire());
        }

        Assert.Equal(TimeSpan.FromSeconds(50), limiter.TryAcquire());
        time.Advance(TimeSpan.FromSeconds(50));
        Assert.Equal(TimeSpan.Zero, limiter.TryAcquire());
        Assert.Equal(TimeSpan.FromSeconds(10), limiter.TryAcquire());
    }
}
