using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>A frame sent to the gateway; <c>s</c> and <c>t</c> are never sent.</summary>
/// <remarks>
/// <c>d</c> is written even when null: Discord requires "a valid opcode (op) and inner data object (d)" in every payload it
/// receives, and a heartbeat before the first sequence number carries <c>"d": null</c>
/// (discord.com/developers/docs/events/gateway, "Sending Events" and "Heartbeat Interval").
/// </remarks>
internal sealed record GatewaySendPayload<T>(
    [property: JsonPropertyName("op")] int Op,
    [property: JsonPropertyName("d"), JsonIgnore(Condition = JsonIgnoreCondition.Never)] T D);
