using DiffusionBot.Benchmarks.Engine;
using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>What <c>spine --json FILE</c> writes.</summary>
internal sealed record SpineReport(
    string Benchmark,
    DateTimeOffset Finished,
    string Method,
    string Provider,
    string Model,
    MachineReport Machine,
    IReadOnlyList<StorageReport> Storages,
    IReadOnlyList<Target> Targets,
    bool Met);
