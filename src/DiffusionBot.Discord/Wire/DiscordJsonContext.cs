using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>Source-generated JSON for everything on Discord's wire: explicit snake_case names, snowflakes as strings, nulls left out.</summary>
[JsonSourceGenerationOptions(
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(SnowflakeConverter)])]
[JsonSerializable(typeof(GatewayPayload))]
[JsonSerializable(typeof(GatewaySendPayload<IdentifyData>))]
[JsonSerializable(typeof(GatewaySendPayload<ResumeData>))]
[JsonSerializable(typeof(GatewaySendPayload<long?>))]
[JsonSerializable(typeof(HelloData))]
[JsonSerializable(typeof(ReadyData))]
[JsonSerializable(typeof(GatewayBotResponse))]
[JsonSerializable(typeof(DiscordErrorBody))]
[JsonSerializable(typeof(MessageBody))]
[JsonSerializable(typeof(InteractionResponse))]
[JsonSerializable(typeof(AutocompleteResponse))]
[JsonSerializable(typeof(ModalResponse))]
[JsonSerializable(typeof(StartThreadRequest))]
[JsonSerializable(typeof(DiscordMessage))]
[JsonSerializable(typeof(DiscordChannel))]
[JsonSerializable(typeof(IReadOnlyList<ApplicationCommand>))]
[JsonSerializable(typeof(Interaction))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(MessageCreateEvent))]
[JsonSerializable(typeof(ReactionAddEvent))]
internal sealed partial class DiscordJsonContext : JsonSerializerContext;
