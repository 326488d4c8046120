using System.Text.Json;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>Something the client did on the fake gateway: <c>connect</c> (Data = path and query), or an opcode it sent; or <c>ready</c>, once the fake sent READY.</summary>
internal sealed record GatewayClientEvent(string Kind, int Connection, string? PathAndQuery, JsonElement Data);
