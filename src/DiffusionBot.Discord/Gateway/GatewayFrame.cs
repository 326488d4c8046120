namespace DiffusionBot.Discord.Gateway;

/// <summary>One whole text message from the socket, or the end of the connection (<see cref="CloseStatus"/> null when it just dropped).</summary>
internal readonly record struct GatewayFrame(ReadOnlyMemory<byte> Message, bool IsClose, int? CloseStatus, string? CloseDescription)
{
    public static GatewayFrame Text(ReadOnlyMemory<byte> message) => new(message, false, null, null);

    public static GatewayFrame Closed(int? status, string? description) => new(default, true, status, description);
}
