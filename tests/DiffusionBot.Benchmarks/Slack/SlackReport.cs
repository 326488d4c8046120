using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Slack;

/// <summary>The <c>slack</c> verb's JSON; <see cref="AllPostedSeconds"/> runs from the burst's first envelope until every result was posted (or the wait ended).</summary>
internal sealed record SlackReport(
    string Benchmark,
    DateTimeOffset Finished,
    string Method,
    int ProcessorCount,
    int Commands,
    string RateLimits,
    LatencyFigure AckMs,
    int ResultsPosted,
    double AllPostedSeconds,
    int RateLimitedAnswers,
    int RateLimitViolations,
    IReadOnlyList<Target> Targets,
    bool Met);
