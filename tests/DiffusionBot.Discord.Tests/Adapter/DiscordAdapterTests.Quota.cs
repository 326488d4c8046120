using System.Text.Json;
using System.Text.Json.Nodes;
using DiffusionBot.Discord.Tests.Fakes;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary><c>/quota</c> end to end; each test uses a channel of its own, so the quotas it sets stay there.</summary>
public sealed partial class DiscordAdapterTests
{
    /// <summary>VIEW_CHANNEL, SEND_MESSAGES and ATTACH_FILES: an ordinary member.</summary>
    private const string Member = "35840";

    /// <summary>MANAGE_CHANNELS only.</summary>
    private const string ChannelManager = "16";

    [Fact]
    public async Task QuotaSet_ByAMemberWithoutManageChannels_IsRefusedPolitelyAndEphemerally_AndNothingChanges()
    {
        const ulong channel = 645027906669511001;

        var token = await bot.QuotaAsync("set", 2001, Member, channel, [Option("images", 4, 10), Option("per", 3, "24h")]);

        var set = await QuotaAnswerAsync(token);
        Assert.Equal(5, Guild.Interaction(token).AckType);
        Assert.Equal(64, set.Flags);
        Assert.StartsWith("Only admins can change quotas", set.Content, StringComparison.Ordinal);
        var show = await QuotaAnswerAsync(await bot.QuotaAsync("show", 2001, Member, channel));
        Assert.Equal(64, show.Flags);
        Assert.StartsWith("Quota here: unlimited (the bot's default)", show.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("set this channel", show.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuotaSet_ByAChannelManager_TakesEffectForTheNextImagine_AndTheOneAfterIsRefusedEphemerally()
    {
        const ulong channel = 645027906669511002;

        var set = await QuotaAnswerAsync(await bot.QuotaAsync("set", 2002, ChannelManager, channel, [Option("images", 4, 1)]));
        Assert.Equal(64, set.Flags);
        Assert.StartsWith("This channel's quota is now: 1 images per 24 h", set.Content, StringComparison.Ordinal);

        var first = await GridAsync(await bot.ImagineAsync($"red {Tiny}", userId: 2003, channelId: channel));
        Assert.Equal(channel, Guild.Threads[first.Channel]);

        var token = await bot.ImagineAsync($"blue {Tiny}", userId: 2003, channelId: channel);
        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Any(m => m.ChannelId == channel && m.Flags == 64 && m.Content?.StartsWith("This channel has used", StringComparison.Ordinal) == true), "the quota refusal");
        var refusal = Guild.Messages.Single(m => m.ChannelId == channel && m.Flags == 64 && m.Content!.StartsWith("This channel has used", StringComparison.Ordinal));
        Assert.StartsWith("This channel has used 1 of 1 images in the last 24 h; the next one frees up in", refusal.Content, StringComparison.Ordinal);
        Assert.True(Guild.Interaction(token).OriginalDeleted);

        var show = await QuotaAnswerAsync(await bot.QuotaAsync("show", 2003, Member, channel));
        Assert.Contains("Channel: 1 of 1 used", show.Content, StringComparison.Ordinal);
        Assert.Contains("Last change: Mason set this channel", show.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuotaSet_WithUserImagesAboveImages_IsAnsweredWithOneEphemeralLine_AndNothingChanges()
    {
        const ulong channel = 645027906669511003;

        var token = await bot.QuotaAsync("set", 2004, ChannelManager, channel, [Option("images", 4, 5), Option("user_images", 4, 9)]);

        var refusal = await QuotaAnswerAsync(token);
        Assert.Equal(4, Guild.Interaction(token).AckType);
        Assert.Equal(64, refusal.Flags);
        Assert.Equal("The per-person limit (9) cannot be above the channel's (5).", refusal.Content);
        var show = await QuotaAnswerAsync(await bot.QuotaAsync("show", 2004, ChannelManager, channel));
        Assert.StartsWith("Quota here: unlimited", show.Content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task QuotaOff_ForTheServer_AppliesToAChannelWithoutItsOwnQuota_AndClearUndoesIt()
    {
        const ulong channel = 645027906669511004;
        Assert.StartsWith("The server/workspace default is now: off", (await QuotaAnswerAsync(await bot.QuotaAsync("off", 2005, "8", channel, [Option("server", 5, true)]))).Content, StringComparison.Ordinal);
        try
        {
            var show = await QuotaAnswerAsync(await bot.QuotaAsync("show", 2005, Member, channel));
            Assert.StartsWith("Quota here: off (no images) (the server/workspace default)", show.Content, StringComparison.Ordinal);
        }
        finally
        {
            var clear = await QuotaAnswerAsync(await bot.QuotaAsync("clear", 2005, "8", channel, [Option("server", 5, true)]));
            Assert.StartsWith("The server/workspace default is cleared", clear.Content, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Quota_IsRegisteredInTheSameBulkOverwrite_ForChannelManagers_WithItsSubcommands()
    {
        await DiscordBotFixture.WaitUntilAsync(() => Fake.Rest.Requests.Any(r => r.Method == "PUT" && r.Path.EndsWith("/commands", StringComparison.Ordinal)), "command registration");
        var put = Fake.Rest.Requests.First(r => r.Method == "PUT" && r.Path.EndsWith("/commands", StringComparison.Ordinal));

        using var body = JsonDocument.Parse(put.Body);
        Assert.Equal(["imagine", "quota", DiffusionBot.Discord.Mapping.RepaintCommand.Name], body.RootElement.EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        var quota = body.RootElement.EnumerateArray().Single(c => c.GetProperty("name").GetString() == "quota");
        Assert.Equal("16", quota.GetProperty("default_member_permissions").GetString());
        var subcommands = quota.GetProperty("options").EnumerateArray().ToList();
        Assert.Equal(["show", "set", "off", "clear"], subcommands.Select(s => s.GetProperty("name").GetString()));
        Assert.All(subcommands, s => Assert.Equal(1, s.GetProperty("type").GetInt32()));
        var set = subcommands[1].GetProperty("options").EnumerateArray().ToDictionary(o => o.GetProperty("name").GetString()!, o => o);
        foreach (var name in new[] { "images", "user_images", "max_steps", "max_pixels" })
        {
            Assert.Equal(4, set[name].GetProperty("type").GetInt32());
            Assert.Equal(1, set[name].GetProperty("min_value").GetDouble());
        }

        Assert.Equal(3, set["per"].GetProperty("type").GetInt32());
        Assert.Equal(5, set["server"].GetProperty("type").GetInt32());
        Assert.All(subcommands.Skip(2), s => Assert.Equal(5, s.GetProperty("options")[0].GetProperty("type").GetInt32()));
    }

    /// <summary>The message the interaction answered with (the ack itself, or the edited ephemeral defer), once it has text.</summary>
    private async Task<FakeMessage> QuotaAnswerAsync(string token)
    {
        FakeMessage? answer = null;
        await DiscordBotFixture.WaitUntilAsync(
            () => Guild.Interaction(token).Original is { } id && (answer = Guild.Messages.FirstOrDefault(m => m.Id == id && m.Content is not null)) is not null,
            "the /quota answer");
        return answer!;
    }

    private static JsonObject Option(string name, int type, JsonNode value) => new() { ["name"] = name, ["type"] = type, ["value"] = value };
}
