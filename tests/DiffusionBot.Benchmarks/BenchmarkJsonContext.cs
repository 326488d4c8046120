using System.Text.Json;
using System.Text.Json.Serialization;
using DiffusionBot.Benchmarks.Engine;
using DiffusionBot.Benchmarks.Spine;

namespace DiffusionBot.Benchmarks;

[JsonSourceGenerationOptions(JsonSerializerDefaults.General, WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EngineReport))]
[JsonSerializable(typeof(EngineArchReport))]
[JsonSerializable(typeof(LoraSessionsReport))]
[JsonSerializable(typeof(SpineReport))]
[JsonSerializable(typeof(Quota.QuotaReport))]
[JsonSerializable(typeof(Discord.DiscordReport))]
[JsonSerializable(typeof(Slack.SlackReport))]
internal sealed partial class BenchmarkJsonContext : JsonSerializerContext;
