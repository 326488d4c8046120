using DiffusionBot.Benchmarks.Reporting;
using DiffusionBot.Diffusion.Device;
using DiffusionBot.Diffusion.Models;

namespace DiffusionBot.Benchmarks.Engine;

/// <summary>
/// The engine's cost per denoising step outside ONNX Runtime, one sample per step (never averaged per generation),
/// and the host↔device copies the loop made while stepping. Percentiles are nearest-rank (<see cref="NearestRank"/>).
/// </summary>
internal sealed record StepOverheadReport(
    int Samples,
    double? MedianOverheadMs,
    double? P99OverheadMs,
    double? MedianOrtMs,
    double? MedianOverheadPercentOfOrt,
    double? P99OverheadPercentOfOrt,
    long StepsRun,
    long StepPhaseCopies,
    long StepPhaseBytes,
    double CopiesPerStep,
    string Method)
{
    public const double OverheadTargetPercent = 1.0;

    public const string MethodText =
        "The progress callback records the clock and Unet.RunTicks (time inside ONNX Runtime's Run for the UNet and the step graph) after each step; "
        + "a step's overhead is its wall time since the previous callback minus the RunTicks spent in between, so the first step of each generation gives no sample. "
        + "Its percent is that overhead over the same step's ORT time. Copies are Unet.Transfers' Step-phase count over every measured step. "
        + PercentileMethod.Text;

    public static StepOverheadReport Of(IReadOnlyList<double> overheadMs, IReadOnlyList<double> ortMs, long stepsRun, TransferCounter transfers)
    {
        var percent = Percents(overheadMs, ortMs);
        var copies = transfers.Copies(TransferPhase.Step);
        return new StepOverheadReport(
            overheadMs.Count,
            Rank(overheadMs, 50),
            Rank(overheadMs, 99),
            Rank(ortMs, 50),
            Rank(percent, 50),
            Rank(percent, 99),
            stepsRun,
            copies,
            transfers.Bytes(TransferPhase.Step),
            stepsRun == 0 ? 0 : (double)copies / stepsRun,
            MethodText);
    }

    /// <summary>Overhead p99 ≤ 1 % of the step's ORT time, and no host↔device copy while stepping.</summary>
    public static Target[] Targets(string prefix, IReadOnlyList<double> overheadMs, IReadOnlyList<double> ortMs, StepOverheadReport report) =>
    [
        Target.P99AtMost($"{prefix}per-step overhead outside ORT, % of the step's ORT time", Percents(overheadMs, ortMs), OverheadTargetPercent, "%"),
        Target.Exactly($"{prefix}host<->device copies per step", report.CopiesPerStep, 0, "copies"),
    ];

    private static List<double> Percents(IReadOnlyList<double> overheadMs, IReadOnlyList<double> ortMs) =>
        overheadMs.Select((o, i) => 100.0 * o / ortMs[i]).ToList();

    private static double? Rank(IReadOnlyList<double> samples, double percent) =>
        NearestRank.Of(samples.Select(s => (double?)s).ToList(), percent);
}
