using DiffusionBot.Chat;
using DiffusionBot.Discord.Gateway;

namespace DiffusionBot.Discord.Hosting;

/// <summary>Discord is ready once the gateway has said READY (or RESUMED) on the current connection.</summary>
internal sealed class DiscordReadiness(DiscordGatewayClient gateway) : IAdapterReadiness
{
    public string Name => "discord";

    public string? NotReadyReason => gateway.State == GatewayConnectionState.Ready
        ? null
        : $"the gateway is {gateway.State.ToString().ToLowerInvariant()}";
}
