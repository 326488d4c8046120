using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Benchmarks.ModelsMemory;

/// <summary>RSS after each round of generations over three models under a limit of two loaded; deviations are from the median of the rounds after the first.</summary>
internal sealed record ModelsMemoryReport(
    string Provider,
    string Model,
    int Models,
    int MaxLoadedModels,
    int Generations,
    int Size,
    int Steps,
    long ModelWeightBytes,
    int Loads,
    long FirstRoundRssBytes,
    long SettledMedianRssBytes,
    IReadOnlyList<long> RssBytesPerRound,
    IReadOnlyList<long> GcCommittedBytesPerRound,
    double MaxDeviationPercent,
    double DriftFirstToLastTenthPercent,
    double TolerancePercent,
    bool Met);

[JsonSourceGenerationOptions(JsonSerializerDefaults.General, WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ModelsMemoryReport))]
internal sealed partial class ModelsMemoryJsonContext : JsonSerializerContext;
