using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Benchmarks.ModelsMemory;

/// <summary>RSS after each round of generations over three models under a limit of two loaded.</summary>
internal sealed record ModelsMemoryReport(
    string Provider,
    int Models,
    int MaxLoadedModels,
    int Generations,
    int Size,
    int Steps,
    long ModelWeightBytes,
    int Loads,
    long FirstRoundRssBytes,
    IReadOnlyList<long> RssBytesPerRound,
    IReadOnlyList<long> GcCommittedBytesPerRound,
    double MaxDeviationPercent,
    double TolerancePercent,
    bool Met);

[JsonSourceGenerationOptions(JsonSerializerDefaults.General, WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(ModelsMemoryReport))]
internal sealed partial class ModelsMemoryJsonContext : JsonSerializerContext;
