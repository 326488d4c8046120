using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>A dropped gateway connection while a job runs: nothing is lost, nothing is posted twice.</summary>
public sealed partial class DiscordAdapterTests
{
    [Fact]
    public async Task ADroppedConnectionMidJob_IsResumed_TheReactionSentMeanwhileRunsItsVariation_AndTheRunningJobPostsOnce()
    {
        const ulong user = 5001;
        var requests = bot.Services.GetRequiredService<RequestStore>();
        var first = await GridAsync(await bot.ImagineAsync($"orange {Tiny}", userId: user));
        var slow = await bot.ImagineAsync("violet --size 512x512 --steps 150", userId: user + 1);
        StoredRequest? running = null;
        await DiscordBotFixture.WaitUntilAsync(() => (running = requests.LatestActive(nameof(ChatPlatform.Discord), DiscordBotFixture.Id(user + 1)))?.Status == RequestStatus.Running, "the slow job running");
        var connections = Fake.Gateway.Connections;

        // The reaction goes out on a connection that dies before the client reads it; only a resume replays it.
        Fake.Gateway.Lose("MESSAGE_REACTION_ADD", Reaction(user, first, "1️⃣"));
        Fake.Gateway.AbortAll();
        Assert.Equal(RequestStatus.Running, requests.Get(running!.Id)!.Status);

        var resume = await Fake.Gateway.WaitForAsync("resume");
        Assert.Equal(connections + 1, resume.Connection);
        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Count(m => m.ChannelId == first.Channel && m.Components is not null) == 2, "the variation from the replayed reaction");
        var variation = requests.Get(ResultIdOf(Guild.Messages.Last(m => m.ChannelId == first.Channel && m.Components is not null).Components!))!;
        Assert.Equal(ResultId(first), variation.ParentId);

        var grid = await GridAsync(slow);
        Assert.Single(Guild.Messages, m => m.ChannelId == grid.Channel && m.Components is not null);
        Assert.Single(Fake.Rest.Requests, r => r.Method == "POST" && r.Path == $"/channels/{grid.Channel}/messages" && r.Files.Count > 0);
        Assert.Equal(connections + 1, Fake.Gateway.Connections);
    }
}
