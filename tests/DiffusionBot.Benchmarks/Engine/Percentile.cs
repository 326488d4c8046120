namespace DiffusionBot.Benchmarks.Engine;

/// <summary>Nearest-rank percentiles of a sample.</summary>
internal static class Percentile
{
    public static double Of(IReadOnlyList<double> samples, double percent)
    {
        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static Distribution Summarize(IReadOnlyList<double> samples, double? targetMax = null) =>
        new(Of(samples, 50), Of(samples, 95), samples.Min(), samples.Max(), samples.Count, targetMax, targetMax is null ? null : Of(samples, 50) <= targetMax);
}
