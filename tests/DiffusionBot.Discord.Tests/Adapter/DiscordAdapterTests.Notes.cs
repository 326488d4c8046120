using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>A result's note (e.g. prompt tokens a 77-token model left out) under the prompt, not in the thread's name.</summary>
public sealed partial class DiscordAdapterTests
{
    [Fact]
    public async Task Reply_PutsTheNoteUnderThePrompt_AndKeepsItOutOfTheThreadName()
    {
        const string note = "Note: the last 12 tokens of your prompt did not fit and were left out.";
        var reply = bot.Services.GetRequiredKeyedService<IChatReply>(ChatPlatform.Discord);
        var status = Guild.CreateBotMessage(FakeGuild.ChannelId, "Queued").Id;
        var address = new ReplyAddress(ChatPlatform.Discord, DiscordBotFixture.Id(FakeGuild.ChannelId), DiscordBotFixture.Id(FakeGuild.GuildId), null, DiscordBotFixture.Id(status), null, null);
        var before = Fake.Rest.Requests.Count;

        await reply.PostResultAsync(address, new ResultPost("r-note", [new ResultImage(CreateTinyPng(), 1)], "a long prompt", ResultAction.ForGrid(1), note), CancellationToken.None);

        var sent = Fake.Rest.Requests.Skip(before).ToList();
        var thread = Assert.Single(sent, r => r.Method == "POST" && r.Path.EndsWith("/threads", StringComparison.Ordinal));
        Assert.DoesNotContain("Note:", thread.Body, StringComparison.Ordinal);
        Assert.Contains(Guild.Messages, m => m.ChannelId == status && m.Content == "a long prompt\n" + note);
    }
}
