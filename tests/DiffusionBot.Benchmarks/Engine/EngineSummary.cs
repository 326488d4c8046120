using System.Globalization;

namespace DiffusionBot.Benchmarks.Engine;

/// <summary>The few lines a person reads after <c>engine</c>; the JSON file has everything.</summary>
internal static class EngineSummary
{
    public static void Print(EngineReport report, string jsonPath)
    {
        var speed = report.SpeedSettings;
        var memory = report.ProcessMemory;
        var overhead = report.PipelineOverheadMsPerStep;
        var allocated = report.AllocatedBytesPerStep;
        Line($"engine benchmark: {report.Model} on {report.Provider}, {report.Machine.ProcessorCount} cores, ORT {report.Machine.OnnxRuntimeVersion}");
        Line($"  {speed.Width}x{speed.Height}, {speed.Steps} steps ({speed.UnetEvaluationsPerGeneration} UNet runs, {speed.Sampler}), guidance {speed.GuidanceScale}, {speed.MeasuredGenerations} generations after {speed.WarmupGenerations} warm-up");
        var step = report.StepOverhead;
        Line($"  overhead outside ORT over {step.Samples} steps: median {overhead.Median:F4} ms ({step.MedianOverheadPercentOfOrt:F2} % of ORT), p99 {step.P99OverheadMs:F4} ms ({step.P99OverheadPercentOfOrt:F2} %); copies per step {step.CopiesPerStep:0.##}");
        Line($"  allocated:         median {allocated.Median:F0} B/step, p95 {allocated.P95:F0} (target <= {allocated.TargetMax}) {Verdict(allocated.Met == true)}");
        Line($"  seconds per image: median {report.SecondsPerImage:F3} s, p95 {report.SecondsPerImageDistribution.P95:F3}");
        Line($"  memory over {memory.Settings.MeasuredGenerations} generations at {memory.Settings.Width}x{memory.Settings.Height}, {memory.Settings.Steps} steps:");
        Line($"    working set {memory.WorkingSetChangePercent:+0.00;-0.00} %, GC heap {memory.GcHeapChangePercent:+0.00;-0.00} % (target within {memory.TargetMaxChangePercent} %) {Verdict(memory.Met)}");
        Line($"  wrote {jsonPath}");
    }

    private static string Verdict(bool met) => met ? "ok" : "MISSED";

    private static void Line(FormattableString text) => Console.WriteLine(text.ToString(CultureInfo.InvariantCulture));
}
