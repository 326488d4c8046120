using System.Text.Json;
using System.Text.Json.Nodes;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Discord.Mapping;
using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>Replies the bot cannot see without the Message Content intent, and the message command that works without it.</summary>
public sealed partial class DiscordAdapterTests
{
    [Fact]
    public async Task AReplyWithoutAMention_ArrivesEmpty_AndIsAnsweredOnceWithTheHint_AndRunsNothing()
    {
        const ulong user = 7001;
        var first = await GridAsync(await bot.ImagineAsync($"red {Tiny}", userId: user));
        Fake.Cdn["unseen.png"] = ("image/png", FirstPng(first));
        var before = Guild.Messages.Count(m => m.ChannelId == first.Channel);

        for (var i = 0UL; i < 2; i++)
        {
            var reply = MessagePayload.Reply(first.MessageId + 700 + (2 * i), first.Channel, user, first.MessageId, DiscordBotFixture.BotUserId, $"blue {Tiny}", mentionsBot: false, DiscordBotFixture.BotUserId, Fake.CdnUrl("unseen.png"));
            await Fake.Gateway.DispatchAsync("MESSAGE_CREATE", MessagePayload.Delivered(reply, messageContentIntent: false, DiscordBotFixture.BotUserId).ToJsonString());
        }

        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Any(m => m.ChannelId == first.Channel && m.Content?.StartsWith("I can't see replies", StringComparison.Ordinal) == true), "the hint");
        await bot.Services.GetRequiredService<DiscordEventHandler>().DrainAsync();
        var hint = Assert.Single(Guild.Messages, m => m.ChannelId == first.Channel && m.Content?.StartsWith("I can't see replies", StringComparison.Ordinal) == true);
        Assert.Equal(DiscordEventHandler.HintText(DiscordBotFixture.BotUserId), hint.Content);
        Assert.Contains(RepaintCommand.Name, hint.Content, StringComparison.Ordinal);
        Assert.Equal(before + 1, Guild.Messages.Count(m => m.ChannelId == first.Channel));
        var request = Fake.Rest.Requests.Single(r => r.Method == "POST" && r.Path == $"/channels/{first.Channel}/messages" && r.Body.Contains("see replies that", StringComparison.Ordinal));
        using var body = JsonDocument.Parse(request.Body);
        // Each event runs on its own task, so either reply may be the one answered; only one is.
        Assert.Contains(body.RootElement.GetProperty("message_reference").GetProperty("message_id").GetString(), new[] { DiscordBotFixture.Id(first.MessageId + 700), DiscordBotFixture.Id(first.MessageId + 702) });
        Assert.Equal(0, body.RootElement.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        AssertNothingQueued(user);
    }

    [Fact]
    public async Task RepaintMessageCommand_RunsImageToImageOnTheTargetImage_WithTheTargetsTextAsPrompt()
    {
        const ulong user = 7002;
        var first = await GridAsync(await bot.ImagineAsync($"red {Tiny}", userId: user));
        Fake.Cdn["target.png"] = ("image/png", FirstPng(first));
        var target = MessagePayload.Reply(first.MessageId + 900, FakeGuild.ChannelId, user + 1, first.MessageId, user + 1, $"blue {Tiny}", mentionsBot: false, DiscordBotFixture.BotUserId, Fake.CdnUrl("target.png"));
        var downloads = Fake.CdnRequests;

        var token = await bot.RepaintAsync(target, user);
        var grid = await GridAsync(token);

        Assert.Equal(5, Guild.Interaction(token).AckType);
        Assert.Equal(downloads + 1, Fake.CdnRequests);
        var repaint = bot.Services.GetRequiredService<RequestStore>().Get(ResultId(grid))!;
        Assert.Equal("img2img", repaint.Kind);
        Assert.Equal(DiscordBotFixture.Id(user), repaint.UserId);
        Assert.Contains("\"blue\"", repaint.SpecJson, StringComparison.Ordinal);
        Assert.Equal(FirstPng(first), repaint.InitImage);
    }

    [Fact]
    public async Task RepaintMessageCommand_OnAMessageWithoutAnImage_IsAnsweredEphemerally_AndRunsNothing()
    {
        const ulong user = 7003;
        var target = MessagePayload.Reply(1_200_000_000_000_000_001, FakeGuild.ChannelId, user, 1_200_000_000_000_000_000, user, "just words", mentionsBot: false, DiscordBotFixture.BotUserId);

        var token = await bot.RepaintAsync(target, user);

        await DiscordBotFixture.WaitUntilAsync(() => Guild.Interaction(token).AckType is not null, "the ack");
        Assert.Equal(4, Guild.Interaction(token).AckType);
        var answer = Guild.Messages.Single(m => m.Id == Guild.Interaction(token).Original);
        Assert.Equal(64, answer.Flags);
        Assert.StartsWith("That message has no image to repaint", answer.Content, StringComparison.Ordinal);
        AssertNothingQueued(user);
    }

    [Fact]
    public async Task Startup_RegistersTheRepaintMessageCommand_WithTheSlashCommands()
    {
        await DiscordBotFixture.WaitUntilAsync(() => Fake.Rest.Requests.Any(r => r.Method == "PUT" && r.Path.EndsWith("/commands", StringComparison.Ordinal)), "the registration");

        var registration = Fake.Rest.Requests.First(r => r.Method == "PUT" && r.Path == $"/applications/{FakeDiscord.ApplicationId}/guilds/{FakeGuild.GuildId}/commands");
        var commands = JsonNode.Parse(registration.Body)!.AsArray();
        Assert.Equal(["imagine", "quota", RepaintCommand.Name], commands.Select(c => c!["name"]!.GetValue<string>()));
        var repaint = commands.Single(c => c!["name"]!.GetValue<string>() == RepaintCommand.Name)!;
        Assert.Equal(3, repaint["type"]!.GetValue<int>());
        Assert.Equal("", repaint["description"]!.GetValue<string>());
        Assert.Null(repaint["options"]);
    }
}
