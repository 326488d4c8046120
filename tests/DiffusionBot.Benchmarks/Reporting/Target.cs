using System.Globalization;

namespace DiffusionBot.Benchmarks.Reporting;

/// <summary>
/// One thing a benchmark promises: the rule in words, the value measured in this run, and whether it
/// was met. A target that cannot be judged (too few samples, a percentile on a miss) reads not met, with the reason in <see cref="Note"/>.
/// </summary>
internal sealed record Target(string Name, string Rule, double? Measured, double Limit, string Unit, bool Met, string? Note)
{
    /// <summary>The fewest attempts a p99 is judged over: with fewer, the p99 is one of the two slowest samples or the slowest itself.</summary>
    public const int MinimumSamplesForP99 = 200;

    /// <summary>The latency's nearest-rank p99 over at least <see cref="MinimumSamplesForP99"/> attempts is at most <paramref name="maxMs"/>.</summary>
    public static Target P99AtMost(string name, LatencyFigure latency, double maxMs)
    {
        ArgumentNullException.ThrowIfNull(latency);
        var rule = Invariant($"nearest-rank p99 <= {maxMs} ms over >= {MinimumSamplesForP99} attempts, misses included");
        if (latency.Attempts < MinimumSamplesForP99)
        {
            return new Target(name, rule, latency.P99Ms, maxMs, "ms", false, Invariant($"not judged: {latency.Attempts} attempts, a p99 needs at least {MinimumSamplesForP99}"));
        }

        return latency.P99Ms is { } p99
            ? new Target(name, rule, p99, maxMs, "ms", p99 <= maxMs, null)
            : new Target(name, rule, null, maxMs, "ms", false, Invariant($"the p99 falls on an attempt that got no answer ({latency.Unanswered} of {latency.Attempts})"));
    }

    /// <summary>The nearest-rank p99 of <paramref name="samples"/>, judged over at least <see cref="MinimumSamplesForP99"/> of them, is at most <paramref name="max"/>.</summary>
    public static Target P99AtMost(string name, IReadOnlyList<double> samples, double max, string unit)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var rule = Invariant($"nearest-rank p99 <= {max} {unit} over >= {MinimumSamplesForP99} samples");
        var p99 = NearestRank.Of(samples.Select(s => (double?)s).ToList(), 99);
        return samples.Count < MinimumSamplesForP99
            ? new Target(name, rule, p99, max, unit, false, Invariant($"not judged: {samples.Count} samples, a p99 needs at least {MinimumSamplesForP99}"))
            : new Target(name, rule, p99, max, unit, p99 <= max, null);
    }

    public static Target AtMost(string name, double measured, double max, string unit) =>
        new(name, Invariant($"<= {max} {unit}"), measured, max, unit, measured <= max, null);

    public static Target Exactly(string name, double measured, double expected, string unit) =>
        new(name, Invariant($"== {expected} {unit}"), measured, expected, unit, measured == expected, null);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
