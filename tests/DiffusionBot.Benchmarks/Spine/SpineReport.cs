using DiffusionBot.Benchmarks.Engine;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>What <c>spine --json FILE</c> writes.</summary>
internal sealed record SpineReport(
    string Benchmark,
    DateTimeOffset Finished,
    string Provider,
    string Model,
    MachineReport Machine,
    IReadOnlyList<StorageReport> Storages,
    bool Met);
