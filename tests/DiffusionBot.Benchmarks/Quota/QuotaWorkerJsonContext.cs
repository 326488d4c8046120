using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Benchmarks.Quota;

/// <summary>The file a <c>quota-worker</c> process writes for the benchmark that started it.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.General, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(QuotaRun))]
[JsonSerializable(typeof(QuotaWorkerResult))]
internal sealed partial class QuotaWorkerJsonContext : JsonSerializerContext;
