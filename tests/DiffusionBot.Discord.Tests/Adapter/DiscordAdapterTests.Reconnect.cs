using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Discord.Mapping;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>Work a command started belongs to the host, not to the gateway connection that delivered it.</summary>
public sealed partial class DiscordAdapterTests
{
    [Fact]
    public async Task AnOp7BetweenTheDeferredAckAndTheDispatch_StillYieldsExactlyOneFinalResult()
    {
        const ulong user = 6001;
        var requests = bot.Services.GetRequiredService<RequestStore>();
        var connections = Fake.Gateway.Connections;

        // Discord records the deferred ack, but its 204 reaches the bot only on release: the command is acknowledged and
        // not yet dispatched while the connection it came on is replaced.
        var ack = Fake.HoldNextAnswer("POST", path => path.StartsWith("/interactions/", StringComparison.Ordinal) && path.EndsWith("/callback", StringComparison.Ordinal));
        string token;
        try
        {
            token = await bot.ImagineAsync($"purple {Tiny}", userId: user);
            await ack.Handled.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(5, Guild.Interaction(token).AckType);
            Assert.Null(requests.LatestActive(nameof(ChatPlatform.Discord), DiscordBotFixture.Id(user)));

            await Fake.Gateway.SendRawAsync("""{"op":7,"d":null,"s":null,"t":null}""");
            await Fake.Gateway.WaitForAsync("resume", e => e.Connection == connections + 1);
        }
        finally
        {
            ack.Release();
        }

        var grid = await GridAsync(token);
        Assert.Single(Guild.Messages, m => m.ChannelId == grid.Channel && m.Components is not null);
        Assert.Single(Fake.Rest.Requests, r => r.Method == "POST" && r.Path == $"/channels/{grid.Channel}/messages" && r.Files.Count > 0);
        Assert.NotEqual(DiscordEventHandler.WorkingText, Guild.Messages.First(m => m.Id == Guild.Interaction(token).Original).Content);
        Assert.Equal(connections + 1, Fake.Gateway.Connections);
    }
}
