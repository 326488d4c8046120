using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>The whole experience, end to end: real gateway frames in, real REST and multipart out, real jobs on the demo model.</summary>
[Collection(nameof(DiscordAdapterTests))]
public sealed partial class DiscordAdapterTests(DiscordBotFixture bot, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<DiscordBotFixture>
{
    private const string Tiny = "--size 64x64 --steps 3";

    private FakeDiscord Fake => bot.Fake;

    private FakeGuild Guild => bot.Guild;

    [Fact]
    public async Task Imagine_IsAckedAtOncePreviewedAndPostedInAThreadWithButtonsAndReactions_WithoutPings()
    {
        var token = await bot.ImagineAsync("red @everyone <@&539082325061836999> --size 512x512 --steps 120", userId: 1001);

        var grid = await GridAsync(token);

        var interaction = Guild.Interaction(token);
        Assert.Equal(5, interaction.AckType);
        output.WriteLine($"ack latency: {interaction.AckLatency!.Value.TotalMilliseconds:0.0} ms");
        // Discord's deadline; how fast the ack really is, the discord benchmark measures.
        Assert.True(interaction.AckLatency < TimeSpan.FromSeconds(3), $"ack took {interaction.AckLatency}");
        var status = interaction.Original!.Value;
        Assert.Equal(FakeGuild.ChannelId, Guild.Threads[status]);
        Assert.Equal(status, grid.Request.Path.Split('/')[2] is var c ? ulong.Parse(c, System.Globalization.CultureInfo.InvariantCulture) : 0);
        Assert.True(
            Fake.Rest.Requests.Any(r => r.Method == "PATCH" && r.Path.EndsWith($"/{token}/messages/@original", StringComparison.Ordinal) && r.Files.Values.Any(f => f.FileName == "preview.jpg")),
            string.Join("\n", Fake.Rest.Requests.Where(r => r.Path.Contains(token, StringComparison.Ordinal)).Select(r => $"{r.Method} {r.Path} {r.Body} {string.Join(",", r.FormFields.Values)} {string.Join(",", r.Files.Values.Select(f => f.FileName))}")));

        using var payload = JsonDocument.Parse(grid.Request.FormFields["payload_json"]);
        var root = payload.RootElement;
        Assert.Contains("@everyone", root.GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, root.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.True(root.GetProperty("enforce_nonce").GetBoolean());
        Assert.Equal(25, root.GetProperty("nonce").GetString()!.Length);
        var labels = root.GetProperty("components").EnumerateArray().Select(row => string.Join(' ', row.GetProperty("components").EnumerateArray().Select(b => b.GetProperty("label").GetString()))).ToList();
        Assert.Equal(["U1", "V1", "🔁"], labels);

        var png = Assert.Single(grid.Request.Files.Values);
        Assert.Equal("image/png", png.ContentType);
        using (var image = Image.Load<Rgb24>(png.Content))
        {
            var centre = image[image.Width / 2, image.Height / 2];
            Assert.True(centre.R > 150 && centre.G < 100 && centre.B < 100, $"not red: {centre}");
        }

        await DiscordBotFixture.WaitUntilAsync(() => Guild.Reactions.Count(r => r.Message == grid.MessageId) >= 2, "reactions");
        Assert.Equal(["🔁", "1️⃣"], Guild.Reactions.Where(r => r.Message == grid.MessageId).Select(r => r.Emoji));
        Assert.All(Fake.Rest.Requests.Where(r => r.Path.StartsWith("/webhooks/", StringComparison.Ordinal) || r.Path.StartsWith("/interactions/", StringComparison.Ordinal)), r => Assert.Null(r.Authorization));
        Assert.Contains("thread", Guild.Messages.First(m => m.Id == status).Content, StringComparison.Ordinal);
        Assert.Equal(0, Guild.Messages.First(m => m.Id == status).FileCount);
    }

    [Fact]
    public async Task ButtonV1_RunsAVariationIntoTheSameThread()
    {
        var first = await GridAsync(await bot.ImagineAsync($"blue {Tiny}", userId: 1002));
        var resultId = ResultId(first);

        var token = await bot.PressAsync($"dbot:v:{resultId}:1", userId: 1002, threadId: first.Channel);
        var second = await GridAsync(token, thread: first.Channel);

        Assert.NotEqual(first.MessageId, second.MessageId);
        var variation = bot.Services.GetRequiredService<RequestStore>().Get(ResultId(second))!;
        Assert.Equal("vary", variation.Kind, ignoreCase: true);
        Assert.Equal(resultId, variation.ParentId);
    }

    [Fact]
    public async Task ReactionOne_RunsAVariation_AndTheBotsOwnReactionsAreIgnored()
    {
        var first = await GridAsync(await bot.ImagineAsync($"green {Tiny}", userId: 1003));
        var before = Guild.Messages.Count(m => m.FileCount > 0 && m.ChannelId == first.Channel);

        await Fake.Gateway.DispatchAsync("MESSAGE_REACTION_ADD", Reaction(DiscordBotFixture.BotUserId, first, "1️⃣"));
        await Fake.Gateway.DispatchAsync("MESSAGE_REACTION_ADD", Reaction(1003, first, "1️⃣"));

        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Count(m => m.FileCount > 0 && m.ChannelId == first.Channel && m.Components is not null) == before + 1, "variation grid");
        var requests = bot.Services.GetRequiredService<RequestStore>();
        var grids = Guild.Messages.Where(m => m.ChannelId == first.Channel && m.Components is not null).ToList();
        var variation = requests.Get(ResultIdOf(grids[^1].Components!))!;
        Assert.Equal(ResultId(first), variation.ParentId);
        Assert.Equal("1003", variation.UserId);
    }

    [Fact]
    public async Task ReplyWithAnImage_RunsImageToImage_WithTheReplyTextAsPrompt()
    {
        var first = await GridAsync(await bot.ImagineAsync($"red {Tiny}", userId: 1004));
        Fake.Cdn["init.png"] = ("image/png", FirstPng(first));

        await Fake.Gateway.DispatchAsync("MESSAGE_CREATE", Reply(1004, first, $"<@{DiscordBotFixture.BotUserId}> blue {Tiny}", Fake.CdnUrl("init.png")));

        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Count(m => m.ChannelId == first.Channel && m.Components is not null) == 2, "img2img grid");
        var grid = Guild.Messages.Last(m => m.ChannelId == first.Channel && m.Components is not null);
        var img2img = bot.Services.GetRequiredService<RequestStore>().Get(ResultIdOf(grid.Components!))!;
        Assert.Equal("img2img", img2img.Kind);
        Assert.Contains("blue", img2img.SpecJson, StringComparison.Ordinal);
        Assert.DoesNotContain("<@", img2img.SpecJson, StringComparison.Ordinal);
        Assert.Equal(FirstPng(first), img2img.InitImage);
    }

    [Fact]
    public async Task ImagineWithANonCdnAttachment_IsRefusedEphemerally_AndNothingIsFetched()
    {
        var downloads = Fake.CdnRequests;
        var options = new JsonArray { new JsonObject { ["name"] = "image", ["type"] = 11, ["value"] = "1234567891233211234" } };
        var resolved = new JsonObject
        {
            ["attachments"] = new JsonObject
            {
                ["1234567891233211234"] = new JsonObject
                {
                    ["id"] = "1234567891233211234",
                    ["filename"] = "x.png",
                    ["size"] = 100,
                    ["content_type"] = "image/png",
                    ["url"] = "https://evil.example.com/x.png",
                },
            },
        };

        var token = await bot.ImagineAsync("red", userId: 1005, options, resolved);

        var interaction = Guild.Interaction(token);
        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Any(m => m.ChannelId == FakeGuild.ChannelId && m.Flags == 64 && m.Content!.Contains("evil.example.com", StringComparison.Ordinal)), "ephemeral refusal");
        Assert.True(interaction.OriginalDeleted || interaction.Original is null);
        Assert.Equal(downloads, Fake.CdnRequests);
    }

    [Fact]
    public async Task BadFlag_IsAnsweredEphemerallyInTheAck()
    {
        var token = await bot.ImagineAsync("red --steps lots", userId: 1006);

        await DiscordBotFixture.WaitUntilAsync(() => Guild.Interaction(token).AckType is not null, "ack");
        var interaction = Guild.Interaction(token);
        Assert.Equal(4, interaction.AckType);
        Assert.Equal(64, Guild.Messages.Single(m => m.Id == interaction.Original).Flags);
    }

    [Fact]
    public async Task A429WhilePostingTheResult_IsObeyed_AndTheResultIsPostedOnce()
    {
        Fake.Rest.ScriptWhen(r => r.Method == "POST" && r.Path.EndsWith("/messages", StringComparison.Ordinal) && r.Files.Count > 0 && r.FormFields["payload_json"].Contains("dbot:", StringComparison.Ordinal), FakeResponse.RateLimited(0.3, global: false, bucket: "grid"));
        var token = await bot.ImagineAsync($"purple {Tiny}", userId: 1007);

        var grid = await GridAsync(token);

        var attempts = Fake.Rest.Requests.Where(r => r.Method == "POST" && r.Path == $"/channels/{grid.Channel}/messages" && r.Files.Count > 0).ToList();
        Assert.Equal(2, attempts.Count);
        Assert.True(Stopwatch.GetElapsedTime(attempts[0].ReceivedAt, attempts[1].ReceivedAt) >= TimeSpan.FromMilliseconds(290));
        Assert.Single(Guild.Messages, m => m.ChannelId == grid.Channel && m.Components is not null);
    }

    [Fact]
    public async Task Reply_PostsWithTheBotToken_WhenTheInteractionTokenHasExpired()
    {
        var reply = bot.Services.GetRequiredKeyedService<IChatReply>(ChatPlatform.Discord);
        var status = Guild.CreateBotMessage(FakeGuild.ChannelId, "Queued").Id;
        var address = new ReplyAddress(ChatPlatform.Discord, DiscordBotFixture.Id(FakeGuild.ChannelId), DiscordBotFixture.Id(FakeGuild.GuildId), null, DiscordBotFixture.Id(status), "expired-token", DateTimeOffset.UtcNow.AddMinutes(-1));
        var before = Fake.Rest.Requests.Count;

        await reply.SetStatusAsync(address, "Painting now…", CancellationToken.None);
        var ids = await reply.PostResultAsync(address, new ResultPost("r-expired", [new ResultImage(CreateTinyPng(), 1)], "late", ResultAction.ForGrid(1)), CancellationToken.None);

        var sent = Fake.Rest.Requests.Skip(before).ToList();
        Assert.DoesNotContain(sent, r => r.Path.Contains("expired-token", StringComparison.Ordinal));
        Assert.All(sent, r => Assert.Equal($"Bot {FakeDiscord.Token}", r.Authorization));
        Assert.Contains(sent, r => r.Method == "PATCH" && r.Path == $"/channels/{FakeGuild.ChannelId}/messages/{status}");
        Assert.Contains(sent, r => r.Method == "POST" && r.Path == $"/channels/{status}/messages" && r.Files.Count == 1);
        Assert.Single(ids);
    }

    private async Task<(ulong Channel, ulong MessageId, RecordedRequest Request)> GridAsync(string token, ulong? thread = null)
    {
        ulong? channel = thread;
        RecordedRequest? request = null;
        await DiscordBotFixture.WaitUntilAsync(
            () =>
            {
                var interaction = Guild.Interaction(token);
                channel ??= interaction.Original is { } original && Guild.Threads.ContainsKey(original) ? original : null;
                var posted = interaction.Original is not { } status ? null : Guild.Messages.FirstOrDefault(m => m.ChannelId == channel && m.Components is not null && m.Id > status);
                if (posted is null)
                {
                    return false;
                }

                request = Fake.Rest.Requests.Last(r => r.Method == "POST" && r.Path == $"/channels/{channel}/messages" && r.FormFields.TryGetValue("payload_json", out var p) && p.Contains(posted.Nonce!, StringComparison.Ordinal));
                return true;
            },
            "the grid");
        var status = Guild.Interaction(token).Original!.Value;
        var message = Guild.Messages.First(m => m.ChannelId == channel && m.Components is not null && m.Id > status);
        var grid = (channel!.Value, message.Id, request!);

        // The job records the result (and the reply adds its reactions) right after the post; wait for both.
        var requests = bot.Services.GetRequiredService<RequestStore>();
        var resultId = ResultId(grid);
        await DiscordBotFixture.WaitUntilAsync(() => requests.Get(resultId)?.Status == RequestStatus.Done && Guild.Reactions.Any(r => r.Message == message.Id), "the result recorded");
        return grid;
    }

    private static string ResultId((ulong Channel, ulong MessageId, RecordedRequest Request) grid)
    {
        using var payload = JsonDocument.Parse(grid.Request.FormFields["payload_json"]);
        return ResultIdOf(payload.RootElement.GetProperty("components").GetRawText());
    }

    private static string ResultIdOf(string components)
    {
        using var rows = JsonDocument.Parse(components);
        return rows.RootElement[0].GetProperty("components")[0].GetProperty("custom_id").GetString()!.Split(':')[2];
    }

    private static byte[] FirstPng((ulong Channel, ulong MessageId, RecordedRequest Request) grid) => grid.Request.Files.Values.First().Content;

    private static byte[] CreateTinyPng()
    {
        using var image = new Image<Rgb24>(8, 8, new Rgb24(200, 0, 0));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private static string Reaction(ulong user, (ulong Channel, ulong MessageId, RecordedRequest Request) grid, string emoji) => new JsonObject
    {
        ["user_id"] = DiscordBotFixture.Id(user),
        ["channel_id"] = DiscordBotFixture.Id(grid.Channel),
        ["message_id"] = DiscordBotFixture.Id(grid.MessageId),
        ["guild_id"] = DiscordBotFixture.Id(FakeGuild.GuildId),
        ["emoji"] = new JsonObject { ["id"] = null, ["name"] = emoji },
        ["burst"] = false,
        ["type"] = 0,
    }.ToJsonString();

    /// <summary>A reply mentioning the bot, as Discord delivers it to the fixture's bot (no Message Content intent).</summary>
    private static string Reply(ulong user, (ulong Channel, ulong MessageId, RecordedRequest Request) grid, string content, string url) =>
        MessagePayload.Delivered(
            MessagePayload.Reply(grid.MessageId + 500, grid.Channel, user, grid.MessageId, DiscordBotFixture.BotUserId, content, mentionsBot: true, DiscordBotFixture.BotUserId, url),
            messageContentIntent: false,
            DiscordBotFixture.BotUserId).ToJsonString();
}
