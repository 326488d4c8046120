namespace DiffusionBot.Benchmarks.Reporting;

/// <summary>
/// A latency over every attempt, in milliseconds. <see cref="Misses"/> counts the attempts that got no
/// answer (<see cref="Unanswered"/>) or answered after <see cref="DeadlineMs"/>; they stay in the
/// percentiles (<see cref="NearestRank"/>), so a miss can only make a figure worse.
/// </summary>
internal sealed record LatencyFigure(
    int Attempts,
    int Answered,
    int Unanswered,
    double? DeadlineMs,
    int Misses,
    double? P50Ms,
    double? P95Ms,
    double? P99Ms,
    double? MinMs,
    double? MaxAnsweredMs,
    string Method)
{
    /// <summary>Summarizes <paramref name="attempts"/>: a measured time each, or null where no answer came.</summary>
    public static LatencyFigure Of(IReadOnlyList<double?> attempts, double? deadlineMs, string method)
    {
        ArgumentNullException.ThrowIfNull(attempts);
        var answered = attempts.OfType<double>().ToList();
        var late = deadlineMs is { } deadline ? answered.Count(ms => ms > deadline) : 0;
        var unanswered = attempts.Count - answered.Count;
        return new LatencyFigure(
            attempts.Count,
            answered.Count,
            unanswered,
            deadlineMs,
            unanswered + late,
            NearestRank.Of(attempts, 50),
            NearestRank.Of(attempts, 95),
            NearestRank.Of(attempts, 99),
            answered.Count == 0 ? null : answered.Min(),
            answered.Count == 0 ? null : answered.Max(),
            method);
    }
}
