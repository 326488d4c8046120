using DiffusionBot.Chat;
using DiffusionBot.Slack.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>What the host's <c>/readyz</c> reads for Slack: ready while a Socket Mode connection is up, the reason when not.</summary>
public sealed class SocketModeReadinessTests
{
    [Fact]
    public async Task NotReadyReason_IsNullWhileConnected_AndSaysWhy_WhenSlackDisablesTheLink()
    {
        await using var bot = await SlackBot.StartAsync(SlackMode.Socket, runWorker: false);
        var socket = await bot.Fake.NextSocketAsync();
        var slack = bot.Services.GetServices<IAdapterReadiness>().Single(a => a.Name == "slack");

        await SlackBot.WaitForAsync(() => slack.NotReadyReason is null ? "ready" : null, "Slack to count as connected");
        // Slack's documented disconnect when an admin turns Socket Mode off (api.slack.com/apis/socket-mode, "Disconnect events").
        await socket.SendAsync("""{"type":"disconnect","reason":"link_disabled"}""");
        var reason = await SlackBot.WaitForAsync(() => slack.NotReadyReason, "Slack to count as disconnected");

        Assert.Contains("disabled", reason, StringComparison.Ordinal);
    }
}
