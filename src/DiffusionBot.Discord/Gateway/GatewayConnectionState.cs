namespace DiffusionBot.Discord.Gateway;

/// <summary>Where the gateway client is in its connection's life.</summary>
internal enum GatewayConnectionState
{
    Disconnected,
    Connecting,
    Identifying,
    Resuming,
    Ready,
    Stopped,
}
