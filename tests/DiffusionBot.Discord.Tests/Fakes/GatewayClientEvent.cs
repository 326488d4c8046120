using System.Text.Json;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>
/// Something the client did on the fake gateway: <c>connect</c> (Data = path and query), or an opcode it sent; or <c>ready</c>,
/// once the fake sent READY; or <c>rejected</c> (Data = the close code), when the fake closed the connection as Discord would.
/// <see cref="At"/> is the fake gateway's clock at that moment.
/// </summary>
internal sealed record GatewayClientEvent(string Kind, int Connection, string? PathAndQuery, JsonElement Data, DateTimeOffset At = default);
