using DiffusionBot.Discord.Hosting;
using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Discord.Tests.Hosting;

public sealed class DiscordOffNoticeTests
{
    [Fact]
    public async Task AddDiscordAdapter_WithoutAToken_SaysOnceThatDiscordIsOff_AndRunsNoGateway()
    {
        var logger = new ListLogger<DiscordOffNotice>();
        var services = new ServiceCollection().AddLogging();
        services.AddDiscordAdapter(new ConfigurationBuilder().Build());
        services.AddSingleton<ILogger<DiscordOffNotice>>(logger);
        await using var provider = services.BuildServiceProvider();

        var hosted = provider.GetServices<IHostedService>().ToList();
        foreach (var service in hosted)
        {
            await service.StartAsync(CancellationToken.None);
        }

        Assert.IsType<DiscordOffNotice>(Assert.Single(hosted));
        Assert.Equal([(LogLevel.Information, 4300, "Discord is off: Discord:Token is not set")], logger.Entries.Select(e => (e.Level, e.EventId, e.Message)));
    }
}
