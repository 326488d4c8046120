using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>The spine's numbers on one job storage; the targets they are judged by are in the report's <c>targets</c>.</summary>
internal sealed record StorageReport(
    string Storage,
    double QueuePollSeconds,
    LatencyFigure DispatchAckMs,
    LatencyFigure EnqueueToStartMs,
    OutsidePipelineShare OutsidePipelineShare);
