using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Tests.Reporting;

public sealed class NearestRankTests
{
    [Fact]
    public void Of_ReturnsTheCeilingRankSmallest_WhenEveryAttemptWasAnswered()
    {
        // 1..200 shuffled: the p99 is the 198th smallest, the p50 the 100th, the p95 the 190th.
        var attempts = Enumerable.Range(1, 200).Select(i => (double?)i).OrderBy(v => (v * 7919) % 200).ToList();

        Assert.Equal(198, NearestRank.Of(attempts, 99));
        Assert.Equal(100, NearestRank.Of(attempts, 50));
        Assert.Equal(190, NearestRank.Of(attempts, 95));
    }

    [Fact]
    public void Of_ReturnsNull_WhenThePercentileLandsOnAnUnansweredAttempt()
    {
        // 197 answers and 3 without one: ranks 198..200 are the unanswered ones.
        List<double?> attempts = [null, .. Enumerable.Range(1, 197).Select(i => (double?)i), null, null];

        Assert.Null(NearestRank.Of(attempts, 99));
        Assert.Equal(100, NearestRank.Of(attempts, 50));
    }

    [Fact]
    public void Of_RanksUnansweredAboveEveryAnswer_WhenTwoOf200GotNone()
    {
        List<double?> attempts = [null, .. Enumerable.Range(1, 198).Select(i => (double?)(i * 1000)), null];

        Assert.Equal(198_000, NearestRank.Of(attempts, 99));
    }

    [Fact]
    public void Of_ReturnsNull_WhenThereAreNoAttempts() => Assert.Null(NearestRank.Of([], 99));
}
