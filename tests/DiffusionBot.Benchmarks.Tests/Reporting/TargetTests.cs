using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Tests.Reporting;

public sealed class TargetTests
{
    [Fact]
    public void P99AtMost_IsMet_WhenTheP99Of200AttemptsIsWithinTheLimit()
    {
        var target = Target.P99AtMost("ack", Figure(Enumerable.Repeat<double?>(5, 200)), 10);

        Assert.True(target.Met);
        Assert.Equal(5, target.Measured);
        Assert.Null(target.Note);
    }

    [Fact]
    public void P99AtMostOfSamples_IsJudgedOnTheNearestRankP99()
    {
        // 197 small, 3 large: rank 198 of 200 is large.
        var met = Target.P99AtMost("overhead", [.. Enumerable.Repeat(0.5, 198), 9, 9], 1, "%");
        var missed = Target.P99AtMost("overhead", [.. Enumerable.Repeat(0.5, 197), 9, 9, 9], 1, "%");

        Assert.True(met.Met);
        Assert.Equal(0.5, met.Measured);
        Assert.False(missed.Met);
        Assert.Equal(9, missed.Measured);
    }

    [Fact]
    public void P99AtMostOfSamples_IsMissedAndNotJudged_WithFewerThan200Samples()
    {
        var target = Target.P99AtMost("overhead", [.. Enumerable.Repeat(0.1, 199)], 1, "%");

        Assert.False(target.Met);
        Assert.Contains("not judged: 199 samples", target.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void P99AtMost_IsMissed_WhenTheP99IsOverTheLimit()
    {
        // 197 fast, 3 slow: rank 198 of 200 is slow.
        var target = Target.P99AtMost("ack", Figure([.. Enumerable.Repeat<double?>(5, 197), 50, 50, 50]), 10);

        Assert.False(target.Met);
        Assert.Equal(50, target.Measured);
    }

    [Fact]
    public void P99AtMost_IsMissedAndNotJudged_WhenThereAreFewerThan200Attempts()
    {
        var target = Target.P99AtMost("ack", Figure(Enumerable.Repeat<double?>(1, 199)), 10);

        Assert.False(target.Met);
        Assert.Equal(1, target.Measured);
        Assert.Contains("not judged: 199 attempts", target.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void P99AtMost_IsMissed_WhenTheP99LandsOnAnAttemptWithoutAnswer()
    {
        var target = Target.P99AtMost("ack", Figure([.. Enumerable.Repeat<double?>(1, 197), null, null, null]), 10);

        Assert.False(target.Met);
        Assert.Null(target.Measured);
        Assert.Contains("no answer (3 of 200)", target.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void Exactly_IsMissed_WhenTheCountDiffers()
    {
        Assert.False(Target.Exactly("posted", 199, 200, "results").Met);
        Assert.True(Target.Exactly("posted", 200, 200, "results").Met);
    }

    private static LatencyFigure Figure(IEnumerable<double?> attempts) => LatencyFigure.Of([.. attempts], null, "test");
}
