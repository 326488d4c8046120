using DiffusionBot.Benchmarks.Spine;

namespace DiffusionBot.Benchmarks.Slack;

/// <summary>The <c>slack</c> verb's JSON; <see cref="AllPostedSeconds"/> runs from the burst's first envelope until every result was posted.</summary>
internal sealed record SlackReport(
    string Benchmark,
    DateTimeOffset Finished,
    int ProcessorCount,
    int Commands,
    string RateLimits,
    Latency AckMs,
    int ResultsPosted,
    double AllPostedSeconds,
    int RateLimitedAnswers,
    int RateLimitViolations);
