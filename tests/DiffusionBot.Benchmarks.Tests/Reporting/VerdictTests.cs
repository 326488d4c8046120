using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Tests.Reporting;

public sealed class VerdictTests
{
    [Fact]
    public void Report_Returns1_WhenAnyTargetIsMissed()
    {
        Target[] targets = [Target.AtMost("share", 0.01, 0.02, "of job time"), Target.Exactly("violations", 1, 0, "calls")];

        Assert.Equal(1, Verdict.Report(targets, "report.json"));
        Assert.False(Verdict.Met(targets));
    }

    [Fact]
    public void Report_Returns0_WhenEveryTargetIsMet()
    {
        Target[] targets = [Target.AtMost("share", 0.01, 0.02, "of job time"), Target.Exactly("violations", 0, 0, "calls")];

        Assert.Equal(0, Verdict.Report(targets, "report.json"));
        Assert.True(Verdict.Met(targets));
    }
}
