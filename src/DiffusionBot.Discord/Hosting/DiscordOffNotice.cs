using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Hosting;

/// <summary>Says once, at start-up, that the Discord adapter stays off because no token is configured.</summary>
internal sealed class DiscordOffNotice(ILogger<DiscordOffNotice> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        logger.DiscordOff();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
