using System.Text.Json;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Discord.Replies;
using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Permissions = DiffusionBot.Discord.Tests.Fakes.FakeGuild.Permissions;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>Channels where the bot's role may not see, send, attach or start threads; results too large to upload.</summary>
public sealed partial class DiscordAdapterTests
{
    [Fact]
    public async Task ImagineInAChannelTheBotCannotSee_ArrivesThroughTheInteractionWebhook_WithoutOneForbiddenRequest_AndNamesThePermission()
    {
        const ulong channel = 645027906669515001;
        Guild.Deny(channel, Permissions.ViewChannel);

        var token = await bot.ImagineAsync($"red {Tiny}", userId: 6001, channelId: channel);

        var result = await WebhookResultAsync(token, channel);
        Assert.Equal(0, ChannelRequests(channel));
        var status = Guild.Messages.Single(m => m.Id == Guild.Interaction(token).Original);
        Assert.Equal(0, status.FileCount);
        Assert.Equal("Done — the image is below. I can't post in this channel myself (I need the View Channel permission), so results can only reach you here for 15 minutes after you ask; a moderator can give me that permission.", status.Content);
        Assert.Equal(1, result.FileCount);
    }

    [Fact]
    public async Task ImagineInAChannelLockedAfterTheCommand_ArrivesThroughTheInteractionWebhook_WithAtMostThreeForbiddenRequests_AndTheNextGoesStraightThere()
    {
        const ulong channel = 645027906669515002;
        Guild.Deny(channel, Permissions.CreatePublicThreads | Permissions.SendMessages);

        // The interaction still says the bot may do everything: the lock came while the job waited.
        var token = await bot.ImagineAsync($"green {Tiny}", userId: 6002, channelId: channel, appPermissions: InteractionPayload.BotPermissions);

        await WebhookResultAsync(token, channel);
        Assert.InRange(ChannelRequests(channel), 1, 3);
        Assert.Equal(2, ChannelRequests(channel));
        var status = Guild.Messages.Single(m => m.Id == Guild.Interaction(token).Original);
        Assert.Contains("(I need the Send Messages or Attach Files permission)", status.Content, StringComparison.Ordinal);
        Assert.DoesNotContain(Fake.Rest.Requests, r => r.Path.Contains("/reactions/", StringComparison.Ordinal) && r.Path.StartsWith($"/channels/{channel}/", StringComparison.Ordinal));

        // The next interaction there tells the bot what it lacks, so nothing forbidden is tried again.
        var next = await bot.ImagineAsync($"blue {Tiny}", userId: 6002, channelId: channel);
        await WebhookResultAsync(next, channel);
        Assert.Equal(2, ChannelRequests(channel));
        Assert.Contains("(I need the Send Messages permission)", Guild.Messages.Single(m => m.Id == Guild.Interaction(next).Original).Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImagineWhereTheBotMayNotStartThreads_PostsInTheChannelWithReactions_AndSaysWhichPermissionIsMissing()
    {
        const ulong channel = 645027906669515003;
        Guild.Deny(channel, Permissions.CreatePublicThreads);

        var token = await bot.ImagineAsync($"purple {Tiny}", userId: 6003, channelId: channel);

        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Any(m => m.ChannelId == channel && m.Components is not null && m.FileCount == 1) && Guild.Reactions.Any(r => r.Channel == channel), "the grid in the channel");
        Assert.Single(Fake.Rest.Requests, r => r.Method == "POST" && r.Path.EndsWith("/threads", StringComparison.Ordinal) && r.Path.StartsWith($"/channels/{channel}/", StringComparison.Ordinal));
        Assert.Single(Fake.Rest.Requests, r => r.Method == "POST" && r.Path == $"/channels/{channel}/messages" && r.Files.Count == 1);
        Assert.DoesNotContain(Fake.Rest.Requests, r => r.Method == "POST" && r.Path == $"/webhooks/{FakeDiscord.ApplicationId}/{token}" && r.Files.Count > 0);
        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Single(m => m.Id == Guild.Interaction(token).Original).Content!.StartsWith("Done", StringComparison.Ordinal), "the status after the result");
        var status = Guild.Messages.Single(m => m.Id == Guild.Interaction(token).Original);
        Assert.Equal("Done — the image is below. I can't start a thread here (I need the Create Public Threads permission).", status.Content);
        Assert.Equal(0, status.FileCount);
    }

    [Fact]
    public async Task AReactionInAThreadTheBotMayNoLongerPostIn_IsLoggedAsARefusal_AndQueuesNothing()
    {
        const ulong channel = 645027906669515004;
        const ulong user = 6005;
        var first = await GridAsync(await bot.ImagineAsync($"teal {Tiny}", userId: user, channelId: channel));
        Guild.Deny(channel, Permissions.SendMessagesInThreads);
        var before = bot.Logs.Entries.Count;

        await Fake.Gateway.DispatchAsync("MESSAGE_REACTION_ADD", Reaction(user, first, "🔁"));

        await DiscordBotFixture.WaitUntilAsync(() => bot.Logs.Entries.Skip(before).Any(e => e.EventId == 4303), "the refusal logged");
        await bot.Services.GetRequiredService<DiffusionBot.Discord.Mapping.DiscordEventHandler>().DrainAsync();
        Assert.Contains(bot.Logs.Entries.Skip(before), e => e.EventId == 4303 && e.Message.EndsWith("the bot lacks Send Messages in Threads there", StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Logs.Entries.Skip(before), e => e.EventId == 4200);
        AssertNothingQueued(user);
    }

    [Fact]
    public async Task AVariationInAThread_LeavesNoPreviewOnItsStatusMessage_OnceTheResultIsPosted()
    {
        var first = await GridAsync(await bot.ImagineAsync("blue --size 256x256 --steps 60", userId: 6004));

        var token = await bot.PressAsync($"dbot:v:{ResultId(first)}:1", userId: 6004, threadId: first.Channel);
        await GridAsync(token, thread: first.Channel);

        Assert.Contains(Fake.Rest.Requests, r => r.Method == "PATCH" && r.Path.EndsWith($"/{token}/messages/@original", StringComparison.Ordinal) && r.Files.Values.Any(f => f.FileName == "preview.jpg"));
        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Single(m => m.Id == Guild.Interaction(token).Original).Content!.StartsWith("Done", StringComparison.Ordinal), "the status after the result");
        var status = Guild.Messages.Single(m => m.Id == Guild.Interaction(token).Original);
        Assert.Equal("Done — the image is below.", status.Content);
        Assert.Equal(0, status.FileCount);
    }

    [Fact]
    public async Task AResultStillOverTheUploadLimitAfterReEncoding_IsAnsweredWithOneClearLine_AndNothingIsUploaded()
    {
        const int limit = 64 * 1024;
        var options = Options.Create(new DiscordOptions { Token = FakeDiscord.Token, ApplicationId = FakeDiscord.ApplicationId, ApiBaseUrl = Fake.ApiBaseUrl, MaxUploadBytes = limit });
        var reply = ActivatorUtilities.CreateInstance<DiscordReply>(bot.Services, options);
        var (address, status) = StatusWithoutInteraction(645027906669515005);
        var before = Fake.Rest.Requests.Count;

        var ids = await reply.PostResultAsync(address, new ResultPost("r-too-large", [new ResultImage(Replies.UploadEncoderTests.Noise(512, 7), 1)], "noise", ResultAction.ForGrid(1)), CancellationToken.None);

        Assert.Empty(ids);
        Assert.True(UploadEncoder.ToJpeg(Replies.UploadEncoderTests.Noise(512, 7), limit).Length > limit, "the image fits after all, so this proves nothing");
        Assert.DoesNotContain(Fake.Rest.Requests.Skip(before), r => r.Files.Count > 0 && (r.Path.Contains(address.ChannelId, StringComparison.Ordinal) || r.Path.Contains(address.MessageId!, StringComparison.Ordinal)));
        Assert.Equal("⚠️ The finished image is too large to upload here (over 0.1 MB even as a JPEG); please try a smaller --size or fewer images.", status.Content);
    }

    [Fact]
    public async Task AResultDiscordRefusesAsTooLarge_IsAnsweredWithOneClearLine_AndNotRetried()
    {
        var reply = bot.Services.GetRequiredKeyedService<IChatReply>(ChatPlatform.Discord);
        var (address, status) = StatusWithoutInteraction(645027906669515006);
        Fake.Rest.UploadLimitBytes = 64 * 1024;
        try
        {
            var ids = await reply.PostResultAsync(address, new ResultPost("r-413", [new ResultImage(Replies.UploadEncoderTests.Noise(512, 7), 1)], "noise", ResultAction.ForGrid(1)), CancellationToken.None);

            Assert.Empty(ids);
        }
        finally
        {
            Fake.Rest.UploadLimitBytes = FakeRest.DefaultUploadLimitBytes;
        }

        Assert.Single(Fake.Rest.Requests, r => r.Method == "POST" && r.Path == $"/channels/{status.Id}/messages" && r.Files.Count > 0);
        Assert.StartsWith("⚠️ The finished image is too large to upload here", status.Content, StringComparison.Ordinal);
    }

    /// <summary>A status message the bot posted in <paramref name="channel"/> and an address whose interaction token has expired.</summary>
    private (ReplyAddress Address, FakeMessage Status) StatusWithoutInteraction(ulong channel)
    {
        var status = Guild.CreateBotMessage(channel, "Queued");
        var address = new ReplyAddress(ChatPlatform.Discord, DiscordBotFixture.Id(channel), DiscordBotFixture.Id(FakeGuild.GuildId), null, DiscordBotFixture.Id(status.Id), "expired-token", DateTimeOffset.UtcNow.AddMinutes(-1));
        return (address, status);
    }

    /// <summary>The result grid the interaction webhook posted for <paramref name="token"/>, once its request is done.</summary>
    private async Task<FakeMessage> WebhookResultAsync(string token, ulong channel)
    {
        FakeMessage? result = null;
        await DiscordBotFixture.WaitUntilAsync(
            () =>
            {
                var status = Guild.Interaction(token).Original;
                result = Guild.Messages.FirstOrDefault(m => m.ChannelId == channel && m.Components is not null && m.Id > status);
                return result is not null && Guild.Messages.Single(m => m.Id == status).Content!.StartsWith("Done", StringComparison.Ordinal);
            },
            "the result through the webhook");
        Assert.Single(Fake.Rest.Requests, r => r.Method == "POST" && r.Path == $"/webhooks/{FakeDiscord.ApplicationId}/{token}" && r.Files.Count == 1);
        using var rows = JsonDocument.Parse(result!.Components!);
        var requests = bot.Services.GetRequiredService<RequestStore>();
        var resultId = rows.RootElement[0].GetProperty("components")[0].GetProperty("custom_id").GetString()!.Split(':')[2];
        await DiscordBotFixture.WaitUntilAsync(() => requests.Get(resultId)?.Status == RequestStatus.Done, "the request done");
        return result;
    }

    /// <summary>Requests the bot sent to routes of <paramref name="channel"/> itself (every one of them forbidden there).</summary>
    private int ChannelRequests(ulong channel) => Fake.Rest.Requests.Count(r => r.Path.StartsWith($"/channels/{channel}/", StringComparison.Ordinal));
}
