namespace DiffusionBot.Benchmarks.Engine;

/// <summary>Memory before and after a long run of generations; flat means within <see cref="TargetMaxChangePercent"/>.</summary>
internal sealed record MemoryReport(
    RunSettings Settings,
    string Note,
    MemorySnapshot AfterWarmup,
    MemorySnapshot AfterGenerations,
    double WorkingSetChangePercent,
    double GcHeapChangePercent,
    double TargetMaxChangePercent,
    bool Met);
