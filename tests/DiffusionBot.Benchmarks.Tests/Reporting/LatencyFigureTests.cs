using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Tests.Reporting;

public sealed class LatencyFigureTests
{
    [Fact]
    public void Of_CountsLateAndUnansweredAttemptsAsMisses_AndKeepsThemInThePercentiles()
    {
        // 196 fast answers, 3 answers after the 3 s deadline, 1 attempt without an answer.
        List<double?> attempts = [.. Enumerable.Repeat<double?>(10, 196), 3_500, 4_000, 5_000, null];

        var figure = LatencyFigure.Of(attempts, 3_000, "test");

        Assert.Equal(200, figure.Attempts);
        Assert.Equal(199, figure.Answered);
        Assert.Equal(1, figure.Unanswered);
        Assert.Equal(4, figure.Misses);
        Assert.Equal(4_000, figure.P99Ms);
        Assert.Equal(5_000, figure.MaxAnsweredMs);
        Assert.Equal(10, figure.P50Ms);
    }

    [Fact]
    public void Of_CountsOnlyUnansweredAsMisses_WhenThereIsNoDeadline()
    {
        var figure = LatencyFigure.Of([1, 2, 60_000, null], null, "test");

        Assert.Equal(1, figure.Misses);
        Assert.Null(figure.P99Ms);
    }
}
