using DiffusionBot.Chat.Storage;
using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>Many commands at once against Discord's rate limits, as the fake enforces them.</summary>
public sealed partial class DiscordAdapterTests
{
    private const int BurstSize = 50;

    [Fact]
    public async Task ABurstOfFiftyImagines_IsAckedWithinThreeSeconds_AndPostsEachResultOnce_WithoutOneRateLimitViolation()
    {
        const ulong channel = 645027906669512001;
        var violations = bot.RateLimits.Violations.Count;
        var exhausted = bot.RateLimits.Exhausted;

        var tokens = new List<string>(BurstSize);
        for (var i = 0; i < BurstSize; i++)
        {
            tokens.Add(await bot.ImagineAsync($"burst {i} {Tiny}", userId: 3000 + (ulong)i, channelId: channel));
        }

        await DiscordBotFixture.WaitUntilAsync(() => tokens.All(t => Guild.Interaction(t).AckedAt is not null), "every ack", seconds: 10);
        var slowest = tokens.Select(t => Guild.Interaction(t)).MaxBy(i => i.AckLatency)!;
        output.WriteLine($"slowest ack: {slowest.AckLatency!.Value.TotalMilliseconds:0.0} ms");
        Assert.All(tokens, t => Assert.Equal(5, Guild.Interaction(t).AckType));
        Assert.True(slowest.AckLatency < TimeSpan.FromSeconds(3), $"an ack took {slowest.AckLatency}");

        var requests = bot.Services.GetRequiredService<RequestStore>();
        await DiscordBotFixture.WaitUntilAsync(() => tokens.All(t => ResultIn(t) is { } grid && requests.Get(ResultIdOf(grid.Components!))?.Status == RequestStatus.Done), "every result", seconds: 180);
        foreach (var token in tokens)
        {
            var thread = Guild.Interaction(token).Original!.Value;
            Assert.Equal(channel, Guild.Threads[thread]);
            Assert.Single(Guild.Messages, m => m.ChannelId == thread && m.Components is not null);
            Assert.Single(Fake.Rest.Requests, r => r.Method == "POST" && r.Path == $"/channels/{thread}/messages" && r.Files.Count > 0);
        }

        Assert.Equal([], bot.RateLimits.Violations.Skip(violations));
        Assert.True(bot.RateLimits.Exhausted > exhausted, "the burst never ran a bucket dry, so it proves nothing about the limits");
    }

    /// <summary>The grid posted into the thread started from the interaction's status message, if it is there yet.</summary>
    private FakeMessage? ResultIn(string token) =>
        Guild.Interaction(token).Original is { } status && Guild.Threads.ContainsKey(status)
            ? Guild.Messages.FirstOrDefault(m => m.ChannelId == status && m.Components is not null)
            : null;
}
