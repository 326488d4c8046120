using DiffusionBot.Discord.Rest.RateLimits;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Discord.Tests.Rest.RateLimits;

public sealed class GlobalRateLimiterTests
{
    [Fact]
    public async Task WaitAsync_Holds51stRequest_UntilASecondAfterTheFirstAnswer_NotAfterTheFirstSend()
    {
        var time = new ObservedTimeProvider();
        var limiter = new GlobalRateLimiter(time);
        for (var i = 0; i < GlobalRateLimiter.RequestsPerSecond; i++)
        {
            await limiter.WaitAsync(CancellationToken.None);
        }

        time.Advance(TimeSpan.FromMilliseconds(400));
        limiter.Release();
        var next = limiter.WaitAsync(CancellationToken.None).AsTask();

        time.Advance(TimeSpan.FromMilliseconds(601));
        await AssertStillWaitingAsync(time, next, "a second after the first send, but the first answer came 400 ms later");
        time.Advance(TimeSpan.FromMilliseconds(398));
        await AssertStillWaitingAsync(time, next, "999 ms after the first answer");
        time.Advance(TimeSpan.FromMilliseconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task WaitAsync_HoldsEveryRequest_UntilAGlobal429sRetryAfterHasPassed()
    {
        var time = new ObservedTimeProvider();
        var limiter = new GlobalRateLimiter(time);
        limiter.PauseFor(TimeSpan.FromSeconds(2));

        var next = limiter.WaitAsync(CancellationToken.None).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(1999));
        await AssertStillWaitingAsync(time, next, "1 ms before retry_after ends");
        time.Advance(TimeSpan.FromMilliseconds(1));
        await next.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>
    /// Waits until the waiter either finished or sits on a fake-clock wait with no timer callback running (from then on
    /// only a clock advance can release it), then checks it did not finish.
    /// </summary>
    private static async Task AssertStillWaitingAsync(ObservedTimeProvider time, Task waiter, string when)
    {
        await Until.TrueAsync(() => waiter.IsCompleted || time.Parked(), "the waiter is released or parked on the clock");
        Assert.False(waiter.IsCompleted, $"released {when}");
    }
}
