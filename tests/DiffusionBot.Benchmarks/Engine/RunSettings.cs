namespace DiffusionBot.Benchmarks.Engine;

/// <summary>The requests a measurement ran: size, steps, guidance, and how many generations.</summary>
internal sealed record RunSettings(
    int Width,
    int Height,
    int Steps,
    int UnetEvaluationsPerGeneration,
    float GuidanceScale,
    int Images,
    string Sampler,
    int WarmupGenerations,
    int MeasuredGenerations);
