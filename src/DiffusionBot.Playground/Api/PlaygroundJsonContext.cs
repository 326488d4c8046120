using System.Text.Json;
using System.Text.Json.Serialization;
using DiffusionBot.Playground.Messages;

namespace DiffusionBot.Playground.Api;

/// <summary>The playground API's wire types, serialized without reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(PostMessageRequest))]
[JsonSerializable(typeof(PostActionRequest))]
[JsonSerializable(typeof(PostOutcome))]
[JsonSerializable(typeof(MessageEvent))]
[JsonSerializable(typeof(IReadOnlyList<PlaygroundButton>))]
internal sealed partial class PlaygroundJsonContext : JsonSerializerContext;
