using DiffusionBot.Benchmarks.Engine;
using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Discord;

/// <summary>What <c>discord --json FILE</c> writes.</summary>
/// <param name="AckMs">Per interaction: from the fake handing the INTERACTION_CREATE frame to its WebSocket to the fake reading the defer POST; unanswered when no defer arrived inside Discord's 3 s.</param>
/// <param name="ResultsPostedOnce">Interactions whose thread holds exactly one result message, posted by exactly one request.</param>
/// <param name="RateLimitViolations">Requests the fake answered 429 because their bucket or the global limit had nothing left.</param>
/// <param name="BucketsRunDry">How often a request used a bucket's last slot: the limits were reached, and waited out.</param>
/// <param name="BurstSeconds">From the first frame to the last result posted (or to the wait's end when some never came).</param>
internal sealed record DiscordReport(
    string Benchmark,
    DateTimeOffset Finished,
    string Method,
    MachineReport Machine,
    int Interactions,
    string Prompt,
    LatencyFigure AckMs,
    int ResultsPostedOnce,
    int RateLimitViolations,
    int BucketsRunDry,
    double BurstSeconds,
    IReadOnlyList<Target> Targets,
    bool Met);
