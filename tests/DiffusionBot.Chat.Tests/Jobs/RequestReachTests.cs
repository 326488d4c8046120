using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>The playground's local user is an admin of its own channel only: no reach into another platform's requests.</summary>
public sealed class RequestReachTests : IDisposable
{
    private readonly JobsHarness _bot = new(folder => new JobsOptions { ConnectionString = $"Data Source={Path.Combine(folder, "bot.db")}" });

    public void Dispose() => _bot.Dispose();

    [Fact]
    public async Task Cancel_RefusesAndLeavesTheJob_WhenAPlaygroundAdminNamesADiscordRequest()
    {
        var discord = await QueueOnDiscordAsync();

        var outcome = await _bot.Dispatcher.DispatchAsync(new Cancel(JobsHarness.Origin("you", admin: true), discord.RequestId), CancellationToken.None);

        Assert.Equal(RequestReach.OtherChat, Assert.IsType<DispatchOutcome.Refused>(outcome).Message);
        Assert.Equal(RequestStatus.Queued, _bot.Requests.Status(discord.RequestId));
    }

    [Fact]
    public async Task VaryRerollUpscale_RefuseAndQueueNothing_WhenThePlaygroundNamesADiscordResult()
    {
        var discord = await QueueOnDiscordAsync();
        await _bot.Job().RunAsync(discord.RequestId, CancellationToken.None);
        var admin = JobsHarness.Origin("you", admin: true);
        var enqueued = _bot.Enqueued.Count;

        Command[] commands = [new Vary(admin, discord.RequestId, 0), new Reroll(admin, discord.RequestId), new Upscale(admin, discord.RequestId, 0)];
        foreach (var command in commands)
        {
            var outcome = await _bot.Dispatcher.DispatchAsync(command, CancellationToken.None);
            Assert.Equal(RequestReach.OtherChat, Assert.IsType<DispatchOutcome.Refused>(outcome).Message);
        }

        Assert.Equal(RequestStatus.Done, _bot.Requests.Status(discord.RequestId));
        Assert.Equal(enqueued, _bot.Enqueued.Count);
    }

    [Fact]
    public async Task Cancel_StopsAnotherUsersJob_WhenAnAdminOfTheSameChatAsks()
    {
        var queued = await _bot.QueueAsync("red --size 64x64", user: "someone");

        var outcome = await _bot.Dispatcher.DispatchAsync(new Cancel(JobsHarness.Origin("you", admin: true), queued.RequestId), CancellationToken.None);

        Assert.IsType<DispatchOutcome.Answered>(outcome);
        Assert.Equal(RequestStatus.Cancelled, _bot.Requests.Status(queued.RequestId));
    }

    private async Task<DispatchOutcome.Queued> QueueOnDiscordAsync()
    {
        var origin = new CommandOrigin(
            ChatPlatform.Discord, "guild-1", "channel-1", null, "discord-user", "Discord User", IsAdmin: false, ChannelIsNsfw: false,
            new ReplyAddress(ChatPlatform.Discord, "channel-1", "guild-1", MessageId: "status"));
        var outcome = await _bot.Dispatcher.DispatchAsync(new Imagine(origin, _bot.Prompts.Parse("red --size 64x64")), CancellationToken.None);
        return Assert.IsType<DispatchOutcome.Queued>(outcome);
    }
}
