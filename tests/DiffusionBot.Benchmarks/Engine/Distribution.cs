namespace DiffusionBot.Benchmarks.Engine;

/// <summary>A measured quantity: its median and p95 over <see cref="Samples"/>, and, where there is a target, whether the median meets it.</summary>
internal sealed record Distribution(double Median, double P95, double Min, double Max, int Samples, double? TargetMax, bool? Met);
