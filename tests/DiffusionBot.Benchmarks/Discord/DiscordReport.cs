using DiffusionBot.Benchmarks.Engine;
using DiffusionBot.Benchmarks.Spine;

namespace DiffusionBot.Benchmarks.Discord;

/// <summary>What <c>discord --json FILE</c> writes.</summary>
/// <param name="AckMs">Per interaction: from the fake handing the INTERACTION_CREATE frame to its WebSocket to the fake reading the defer POST.</param>
/// <param name="AckedWithin3s">Interactions whose defer arrived inside Discord's 3 s deadline.</param>
/// <param name="ResultsPostedOnce">Interactions whose thread holds exactly one result message, posted by exactly one request.</param>
/// <param name="RateLimitViolations">Requests the fake answered 429 because their bucket or the global limit had nothing left.</param>
/// <param name="BucketsRunDry">How often a request used a bucket's last slot: the limits were reached, and waited out.</param>
/// <param name="BurstSeconds">From the first frame to the last result posted.</param>
internal sealed record DiscordReport(
    string Benchmark,
    DateTimeOffset Finished,
    MachineReport Machine,
    int Interactions,
    Latency AckMs,
    int AckedWithin3s,
    int ResultsPostedOnce,
    int RateLimitViolations,
    int BucketsRunDry,
    double BurstSeconds,
    string Prompt,
    bool Met);
