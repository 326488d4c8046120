using System.Text.Json;

namespace DiffusionBot.Discord.Gateway;

/// <summary>An op 0 event: its name (<c>MESSAGE_CREATE</c>, <c>INTERACTION_CREATE</c>, …), sequence number and raw data.</summary>
internal sealed record GatewayDispatch(string EventName, long? Sequence, JsonElement Data);
