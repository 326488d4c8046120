using System.Text.Json;
using System.Text.Json.Serialization;
using DiffusionBot.Benchmarks.Engine;

namespace DiffusionBot.Benchmarks;

[JsonSourceGenerationOptions(JsonSerializerDefaults.General, WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EngineReport))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
