using System.Text.Json.Serialization;
using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Engine;

/// <summary>What <c>engine --json FILE</c> writes.</summary>
internal sealed record EngineReport(
    string Benchmark,
    DateTimeOffset Finished,
    string Provider,
    string Model,
    MachineReport Machine,
    RunSettings SpeedSettings,
    Distribution PipelineOverheadMsPerStep,
    StepOverheadReport StepOverhead,
    Distribution AllocatedBytesPerStep,
    [property: JsonPropertyName("seconds_per_image_512_20steps")] double SecondsPerImage,
    Distribution SecondsPerImageDistribution,
    MemoryReport ProcessMemory,
    IReadOnlyList<Target> Targets,
    bool AllTargetsMet);
