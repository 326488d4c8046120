namespace DiffusionBot.Benchmarks.Spine;

/// <summary>A latency in milliseconds: nearest-rank percentiles, and whether <see cref="TargetPercentile"/> meets <see cref="TargetMaxMs"/>.</summary>
internal sealed record Latency(
    double P50,
    double P95,
    double P99,
    double Min,
    double Max,
    int Samples,
    string TargetPercentile,
    double TargetMaxMs,
    bool Met,
    string Note)
{
    public static Latency Of(IReadOnlyList<double> samples, string targetPercentile, double targetMaxMs, string note)
    {
        var p50 = Engine.Percentile.Of(samples, 50);
        var p95 = Engine.Percentile.Of(samples, 95);
        var p99 = Engine.Percentile.Of(samples, 99);
        var measured = targetPercentile switch
        {
            "p50" => p50,
            "p95" => p95,
            _ => p99,
        };
        return new Latency(p50, p95, p99, samples.Min(), samples.Max(), samples.Count, targetPercentile, targetMaxMs, measured <= targetMaxMs, note);
    }
}
