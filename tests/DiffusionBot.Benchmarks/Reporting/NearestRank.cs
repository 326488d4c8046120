namespace DiffusionBot.Benchmarks.Reporting;

/// <summary>
/// Nearest-rank percentiles over every attempt: the ⌈p/100 · n⌉-th smallest. An attempt with no
/// answer (null) ranks above every measured one, so a percentile that lands on it has no value.
/// </summary>
internal static class NearestRank
{
    /// <summary>The percentile of <paramref name="attempts"/>, or null when it lands on an attempt without an answer or there are none.</summary>
    public static double? Of(IReadOnlyList<double?> attempts, double percent)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        if (attempts.Count == 0)
        {
            return null;
        }

        var sorted = attempts.OrderBy(a => a ?? double.PositiveInfinity).ToArray();
        var rank = (int)Math.Ceiling(percent * sorted.Length / 100.0);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
