using DiffusionBot.Slack.SocketMode;

namespace DiffusionBot.Slack.Tests.SocketMode;

public sealed class BackoffReconnectStrategyTests
{
    [Fact]
    public void GetDelays_DoublesWithinTheJitterAndStopsAtTheCap()
    {
        var strategy = new BackoffReconnectStrategy(new Random(7));

        var delays = strategy.GetDelays().Take(10).ToArray();

        double[] expected = [1, 2, 4, 8, 16, 32, 60, 60, 60, 60];
        for (var i = 0; i < delays.Length; i++)
        {
            Assert.InRange(delays[i].TotalSeconds, Math.Max(0, expected[i] - 0.25), Math.Min(60, expected[i] + 0.25));
        }
    }

    [Fact]
    public void GetDelays_Jitters_SoTwoBotsDoNotReconnectInStep()
    {
        var first = new BackoffReconnectStrategy(new Random(1)).GetDelays().Take(5);
        var second = new BackoffReconnectStrategy(new Random(2)).GetDelays().Take(5);

        Assert.NotEqual(first, second);
    }
}
