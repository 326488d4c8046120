namespace DiffusionBot.Benchmarks.Reporting;

/// <summary>The rules every figure follows, written into each report's <c>method</c>.</summary>
internal static class PercentileMethod
{
    public const string Text =
        "Percentiles are nearest-rank: the ceil(p/100 * n)-th smallest of all n attempts, nothing interpolated, nothing dropped. "
        + "An attempt that got no answer ranks above every answered one, so a percentile that lands on it has no value and its target is missed. "
        + "An answer after the platform's deadline is a miss that keeps its measured time. "
        + "A p99 target is judged only over at least 200 attempts; with fewer it reads missed. "
        + "The process exits 1 when any target is missed, 2 on a usage error.";
}
