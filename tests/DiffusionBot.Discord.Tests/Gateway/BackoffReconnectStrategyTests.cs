using DiffusionBot.Discord.Gateway;

namespace DiffusionBot.Discord.Tests.Gateway;

public sealed class BackoffReconnectStrategyTests
{
    [Fact]
    public void GetDelays_DoublesWithJitterUpToTheCap()
    {
        var delays = new BackoffReconnectStrategy(new Random(7)).GetDelays().Take(10).ToList();

        double[] bases = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60];
        for (var i = 0; i < bases.Length; i++)
        {
            Assert.InRange(delays[i], TimeSpan.FromSeconds(bases[i]), TimeSpan.FromSeconds(bases[i]) + BackoffReconnectStrategy.DefaultJitter);
        }
    }

    [Fact]
    public void GetInvalidSessionDelay_IsBetweenOneAndFiveSeconds()
    {
        var strategy = new BackoffReconnectStrategy(new Random(3));

        for (var i = 0; i < 50; i++)
        {
            Assert.InRange(strategy.GetInvalidSessionDelay(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        }
    }
}
