using System.Globalization;
using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>The few lines a person reads after <c>spine</c>, before the targets; the JSON file has everything.</summary>
internal static class SpineSummary
{
    public static void Print(SpineReport report)
    {
        Line($"spine benchmark: {report.Model} on {report.Provider}, {report.Machine.ProcessorCount} cores");
        foreach (var storage in report.Storages)
        {
            var outside = storage.OutsidePipelineShare;
            Line($"  {storage.Storage} (queue poll {storage.QueuePollSeconds} s):");
            Line($"    dispatch ack:     {Figures(storage.DispatchAckMs)}");
            Line($"    enqueue to start: {Figures(storage.EnqueueToStartMs)}");
            Line($"    outside pipeline: {outside.Share:P2} of job time ({outside.OutsideMsP50:F0} of {outside.JobWallMsP50:F0} ms p50, {outside.Jobs} jobs at {outside.Width}x{outside.Height}, {outside.Steps} steps, {outside.PreviewsPerJob:F1} previews/job at {outside.PreviewIntervalSeconds} s)");
        }
    }

    public static string Figures(LatencyFigure latency) =>
        string.Create(CultureInfo.InvariantCulture, $"p50 {latency.P50Ms:F1} ms, p95 {latency.P95Ms:F1}, p99 {latency.P99Ms:F1}, max {latency.MaxAnsweredMs:F1} over {latency.Attempts} attempts, {latency.Misses} misses");

    private static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
