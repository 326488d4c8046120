namespace DiffusionBot.Benchmarks.Spine;

/// <summary>The spine's numbers on one job storage.</summary>
internal sealed record StorageReport(
    string Storage,
    double QueuePollSeconds,
    Latency DispatchAckMs,
    Latency EnqueueToStartMs,
    OutsidePipelineShare OutsidePipelineShare,
    bool Met);
