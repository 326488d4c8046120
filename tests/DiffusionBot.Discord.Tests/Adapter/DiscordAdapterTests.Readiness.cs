using DiffusionBot.Chat;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>What the host's <c>/readyz</c> reads for Discord.</summary>
public sealed partial class DiscordAdapterTests
{
    [Fact]
    public void NotReadyReason_IsNull_OnceTheGatewaySaidReady()
    {
        var discord = Assert.Single(bot.Services.GetServices<IAdapterReadiness>(), a => a.Name == "discord");

        Assert.Null(discord.NotReadyReason);
    }
}
