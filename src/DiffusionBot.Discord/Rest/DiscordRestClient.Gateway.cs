using DiffusionBot.Discord.Rest.RateLimits;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Rest;

internal sealed partial class DiscordRestClient
{
    private static readonly Route GetGatewayBotRoute = new(HttpMethod.Get, "/gateway/bot");

    /// <summary><c>GET /gateway/bot</c>: the gateway URL and how many Identify calls are left today.</summary>
    public async Task<GatewayBotResponse> GetGatewayBotAsync(CancellationToken cancellationToken) =>
        await SendAsync(GetGatewayBotRoute, "/gateway/bot", null, DiscordJsonContext.Default.GatewayBotResponse, cancellationToken).ConfigureAwait(false)
        ?? throw new InvalidOperationException("GET /gateway/bot returned no body.");
}
