using DiffusionBot.TestSupport;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Diffusion;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>Hostile input: each is answered or logged clearly, and changes nothing else.</summary>
public sealed partial class DiscordAdapterTests
{
    private const int ThirtyMegabytes = 30 * 1024 * 1024;

    [Fact]
    public async Task ImagineWithA30MegabyteAttachmentThatClaimsToBeSmall_IsRefusedEphemerally_AndTheDownloadStopsAtTheCap()
    {
        var bomb = new byte[ThirtyMegabytes];
        CraftedPng.WithCanvas(64, 64).CopyTo(bomb, 0);
        Fake.Cdn["chunked-huge.png"] = ("image/png", bomb);

        const ulong channel = 645027906669513001;
        var read = bot.Downloads.BytesRead;
        var token = await bot.ImagineAsync("red", userId: 4001, [ImageOption], Attachment(Fake.CdnUrl("chunked-huge.png"), declaredSize: 1024), channel);

        var refusal = await EphemeralAsync(channel, "larger than 20 MB");
        Assert.Equal("The image is larger than 20 MB, the most I accept.", refusal.Content);
        Assert.True(Guild.Interaction(token).OriginalDeleted);
        Assert.InRange(bot.Downloads.BytesRead - read, EngineOptions.DefaultMaxInputBytes, EngineOptions.DefaultMaxInputBytes + (1024 * 1024));
        AssertNothingQueued(4001);
    }

    [Fact]
    public async Task ImagineWithAnAttachmentDeclared30Megabytes_IsRefusedEphemerally_WithoutDownloading()
    {
        var downloads = Fake.CdnRequests;

        const ulong channel = 645027906669513002;
        var token = await bot.ImagineAsync("red", userId: 4002, [ImageOption], Attachment(Fake.CdnUrl("never-served.png"), declaredSize: ThirtyMegabytes), channel);

        await EphemeralAsync(channel, "larger than 20 MB");
        Assert.True(Guild.Interaction(token).OriginalDeleted);
        Assert.Equal(downloads, Fake.CdnRequests);
        AssertNothingQueued(4002);
    }

    [Fact]
    public async Task ImagineWithAPngClaiming20000By20000_IsRefusedEphemerallyFromItsHeader_AndNothingIsQueued()
    {
        Fake.Cdn["canvas-bomb.png"] = ("image/png", CraftedPng.WithCanvas(20000, 20000));

        const ulong channel = 645027906669513003;
        var token = await bot.ImagineAsync("red", userId: 4003, [ImageOption], Attachment(Fake.CdnUrl("canvas-bomb.png"), declaredSize: 100), channel);

        var refusal = await EphemeralAsync(channel, "20000×20000");
        Assert.StartsWith("The image is 20000×20000; the limit is", refusal.Content, StringComparison.Ordinal);
        Assert.True(Guild.Interaction(token).OriginalDeleted);
        AssertNothingQueued(4003);
    }

    [Fact]
    public async Task ReplyWithAPngClaiming20000By20000_IsAnsweredInTheStatusMessage_AndRunsNothing()
    {
        var first = await GridAsync(await bot.ImagineAsync($"teal {Tiny}", userId: 4004));
        Fake.Cdn["reply-bomb.png"] = ("image/png", CraftedPng.WithCanvas(20000, 20000));

        await Fake.Gateway.DispatchAsync("MESSAGE_CREATE", Reply(4004, first, $"<@{DiscordBotFixture.BotUserId}> blue", Fake.CdnUrl("reply-bomb.png")));

        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Any(m => m.ChannelId == first.Channel && m.Content?.Contains("20000×20000", StringComparison.Ordinal) == true), "the refusal");
        Assert.Single(Guild.Messages, m => m.ChannelId == first.Channel && m.Components is not null);
        AssertNothingQueued(4004);
    }

    [Fact]
    public async Task MalformedGatewayFrames_AreLoggedAndSkipped_OnTheSameConnection_AndTheNextImagineWorks()
    {
        var connections = Fake.Gateway.Connections;
        var before = bot.Logs.Entries.Count;

        await Fake.Gateway.SendRawAsync("this is not json {");
        await Fake.Gateway.SendRawAsync("""{"op":0,"d":{},"s":"seven","t":"MESSAGE_CREATE"}""");
        await Fake.Gateway.SendRawAsync("""{"op":42,"d":null,"s":null,"t":null}""");
        await Fake.Gateway.DispatchAsync("INTERACTION_CREATE", """{"id":"12","application_id":"775799577604522054","type":"two","token":"t","version":1}""");
        var grid = await GridAsync(await bot.ImagineAsync($"yellow {Tiny}", userId: 4005));

        Assert.Equal(connections, Fake.Gateway.Connections);
        Assert.NotNull(grid.Request);
        var logged = bot.Logs.Entries.Skip(before).ToList();
        Assert.Equal(2, logged.Count(e => e.EventId == 4011 && e.Message.StartsWith("Gateway sent a malformed frame", StringComparison.Ordinal)));
        Assert.Contains(logged, e => e.EventId == 4012 && e.Message == "Gateway sent unknown opcode 42, skipped");
        Assert.Contains(logged, e => e.EventId == 4009 && e.Message == "Handling gateway event INTERACTION_CREATE failed" && e.Exception is JsonException);
        Assert.DoesNotContain(logged, e => e.Message.Contains("interaction-token", StringComparison.Ordinal));
    }

    [Fact]
    public async Task APromptWithEveryoneAndARoleMention_IsEchoed_InMessagesThatPingNobody()
    {
        var before = Fake.Rest.Requests.Count;
        var token = await bot.ImagineAsync($"cat @everyone <@&539082325061836999> @here {Tiny}", userId: 4006);

        await GridAsync(token);

        // Thread names are plain text and never ping; every message body must say so itself.
        var bodies = Fake.Rest.Requests.Skip(before)
            .Where(r => !r.Path.EndsWith("/threads", StringComparison.Ordinal))
            .Select(r => r.FormFields.TryGetValue("payload_json", out var payload) ? payload : r.Body)
            .Where(b => b.Contains("@everyone", StringComparison.Ordinal) || b.Contains("<@&", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(bodies);
        Assert.All(bodies, body =>
        {
            var root = JsonNode.Parse(body)!;
            var message = root["data"] ?? root;
            Assert.Equal("[]", message["allowed_mentions"]?["parse"]?.ToJsonString());
        });
    }

    private static JsonObject ImageOption => new() { ["name"] = "image", ["type"] = 11, ["value"] = "1234567891233211299" };

    private static JsonObject Attachment(string url, int declaredSize) => new()
    {
        ["attachments"] = new JsonObject
        {
            ["1234567891233211299"] = new JsonObject
            {
                ["id"] = "1234567891233211299",
                ["filename"] = "init.png",
                ["size"] = declaredSize,
                ["content_type"] = "image/png",
                ["url"] = url,
            },
        },
    };

    /// <summary>The ephemeral message in <paramref name="channel"/>, only the asker sees, that contains <paramref name="text"/>.</summary>
    private async Task<Fakes.FakeMessage> EphemeralAsync(ulong channel, string text)
    {
        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Any(m => m.ChannelId == channel && m.Flags == 64 && m.Content?.Contains(text, StringComparison.Ordinal) == true), $"an ephemeral '{text}'");
        return Guild.Messages.Single(m => m.ChannelId == channel && m.Flags == 64 && m.Content!.Contains(text, StringComparison.Ordinal));
    }

    private void AssertNothingQueued(ulong userId)
    {
        var requests = bot.Services.GetRequiredService<RequestStore>();
        Assert.Equal(0, requests.ActiveCount(nameof(ChatPlatform.Discord), DiscordBotFixture.Id(userId)));
        Assert.Null(requests.LatestActive(nameof(ChatPlatform.Discord), DiscordBotFixture.Id(userId)));
    }
}
