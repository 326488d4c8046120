using DiffusionBot.Benchmarks.Engine;
using DiffusionBot.Diffusion.Device;

namespace DiffusionBot.Benchmarks.Tests.Engine;

public sealed class StepOverheadReportTests
{
    [Fact]
    public void Of_RanksEachStepsOverheadAsAPercentOfThatStepsOrtTime()
    {
        // 200 steps of 100 ms in ORT: 197 with 0.2 ms outside, 3 with 3 ms outside (rank 198 of 200 is one of those).
        double[] overhead = [.. Enumerable.Repeat(0.2, 197), 3, 3, 3];
        double[] ort = [.. Enumerable.Repeat(100.0, 200)];

        var report = StepOverheadReport.Of(overhead, ort, stepsRun: 210, new TransferCounter());

        Assert.Equal(200, report.Samples);
        Assert.Equal(0.2, report.MedianOverheadMs);
        Assert.Equal(3, report.P99OverheadMs);
        Assert.Equal(0.2, report.MedianOverheadPercentOfOrt!.Value, 9);
        Assert.Equal(3, report.P99OverheadPercentOfOrt!.Value, 9);
        Assert.Equal(0, report.CopiesPerStep);
    }

    [Fact]
    public void Targets_MissTheOnePercentRule_WhenTheP99StepIsOverIt_AndMeetItOtherwise()
    {
        double[] ort = [.. Enumerable.Repeat(10.0, 200)];
        double[] slowTail = [.. Enumerable.Repeat(0.05, 197), 0.5, 0.5, 0.5];
        double[] fast = [.. Enumerable.Repeat(0.05, 200)];

        var missed = StepOverheadReport.Targets("", slowTail, ort, StepOverheadReport.Of(slowTail, ort, 200, new TransferCounter()));
        var met = StepOverheadReport.Targets("", fast, ort, StepOverheadReport.Of(fast, ort, 200, new TransferCounter()));

        Assert.False(missed[0].Met);
        Assert.Equal(5, missed[0].Measured!.Value, 9);
        Assert.True(met[0].Met);
        Assert.All(met, t => Assert.True(t.Met));
    }
}
