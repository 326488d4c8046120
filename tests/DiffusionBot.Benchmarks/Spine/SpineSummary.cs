using System.Globalization;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>The few lines a person reads after <c>spine</c>; the JSON file has everything.</summary>
internal static class SpineSummary
{
    public static void Print(SpineReport report, string jsonPath)
    {
        Line($"spine benchmark: {report.Model} on {report.Provider}, {report.Machine.ProcessorCount} cores");
        foreach (var storage in report.Storages)
        {
            var ack = storage.DispatchAckMs;
            var start = storage.EnqueueToStartMs;
            var outside = storage.OutsidePipelineShare;
            Line($"  {storage.Storage} (queue poll {storage.QueuePollSeconds} s):");
            Line($"    dispatch ack:     p50 {ack.P50:F1} ms, p95 {ack.P95:F1}, p99 {ack.P99:F1} over {ack.Samples} (target p99 <= {ack.TargetMaxMs}) {Verdict(ack.Met)}");
            Line($"    enqueue to start: p50 {start.P50:F1} ms, p95 {start.P95:F1} over {start.Samples} (target p50 <= {start.TargetMaxMs}) {Verdict(start.Met)}");
            Line($"    outside pipeline: {outside.Share:P2} of job time ({outside.OutsideMsMedian:F0} of {outside.JobWallMsMedian:F0} ms median, {outside.Jobs} jobs at {outside.Width}x{outside.Height}, {outside.Steps} steps, {outside.PreviewsPerJob:F1} previews/job at {outside.PreviewIntervalSeconds} s) (target <= {outside.TargetMax:P0}) {Verdict(outside.Met)}");
        }

        Line($"  wrote {jsonPath}");
    }

    private static string Verdict(bool met) => met ? "ok" : "MISSED";

    private static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
