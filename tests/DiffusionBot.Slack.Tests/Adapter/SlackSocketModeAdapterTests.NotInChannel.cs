using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Slack.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>Conversations the bot cannot post in: the user hears why through the response_url, once; no quota, no job is kept.</summary>
public sealed partial class SlackSocketModeAdapterTests
{
    private static readonly QuotaPolicy FivePerDay = new(false, 5, null, TimeSpan.FromHours(24), null, null);

    [Theory]
    [InlineData("C-NOT-IN", FakeConversationKind.PublicChannel, false, false, "random", "I'm not in #random — invite me with `/invite @DiffusionBot`, or try me in a channel I'm in.")]
    [InlineData("C-PRIVATE", FakeConversationKind.PrivateChannel, false, false, "privategroup", "I'm not in this channel — invite me with `/invite @DiffusionBot`")]
    [InlineData("D-OTHERS", FakeConversationKind.DirectMessage, false, false, "directmessage", "I can't post in a direct message between other people")]
    [InlineData("C-ARCHIVED", FakeConversationKind.PublicChannel, true, true, "old-news", "#old-news is archived")]
    public async Task Imagine_AnswersOnceThroughTheResponseUrlAndKeepsNoQuotaNorJob_WhenTheBotCannotPostThere(
        string channel, FakeConversationKind kind, bool member, bool archived, string channelName, string expected)
    {
        Fake.Conversations[channel] = new FakeConversation(channel, kind, BotIsMember: member, Archived: archived);
        var user = "U-" + channel;
        var scope = new QuotaScope("Slack", "T111", channel);
        Quotas.Change(scope, FivePerDay, SlackBot.ConfiguredAdmin, "admin");
        var responseUrl = Fake.ResponseUrl(channel);

        await Socket.SendAsync(SlackBot.SlashCommand("env-" + channel, channel, "red --size 64x64 --steps 2", "trig-" + channel, user: user, responseUrl: responseUrl, channelName: channelName));
        Assert.Equal($$"""{"envelope_id":"env-{{channel}}"}""", await Socket.NextReceivedAsync());
        var answer = await SlackBot.WaitForAsync(() => ResponsesTo(responseUrl).FirstOrDefault() is { ValueKind: System.Text.Json.JsonValueKind.Object } body ? (object)body : null, "the response_url answer");

        var body = (System.Text.Json.JsonElement)answer;
        Assert.Equal("ephemeral", body.GetProperty("response_type").GetString());
        Assert.Contains(expected, body.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Single(ResponsesTo(responseUrl));
        Assert.DoesNotContain(Fake.Messages, m => m.Channel == channel);
        Assert.Equal(0, Quotas.Usage(scope, user, FivePerDay.Window).Channel);
        Assert.Equal(0, Requests.ActiveCount("Slack", user));
        Assert.Null(Requests.LatestActive("Slack", user));
    }

    [Fact]
    public async Task Imagine_FailsTheJobGivesTheQuotaBackAndAnswersThroughTheResponseUrl_WhenTheBotIsRemovedBeforeTheResult()
    {
        const string Channel = "C-KICKED";
        const string User = "U-KICKED";
        var scope = new QuotaScope("Slack", "T111", Channel);
        Quotas.Change(scope, FivePerDay, SlackBot.ConfiguredAdmin, "admin");
        var responseUrl = Fake.ResponseUrl(Channel);
        var readBack = new TaskCompletionSource();
        Fake.Holds["conversations.replies"] = readBack.Task;
        try
        {
            await Socket.SendAsync(SlackBot.SlashCommand("env-kicked", Channel, "red --size 64x64 --steps 2", "trig-kicked", user: User, responseUrl: responseUrl));
            await Socket.NextReceivedAsync();

            // The job has painted and is about to post: now someone removes the bot from the channel.
            await SlackBot.WaitForAsync(() => Fake.RequestsFor("conversations.replies").FirstOrDefault(r => r.Args.GetValueOrDefault("channel") == Channel), "the job's read-back");
            Assert.Equal(1, Quotas.Usage(scope, User, FivePerDay.Window).Channel);
            Fake.Conversations[Channel] = new FakeConversation(Channel, FakeConversationKind.PublicChannel, BotIsMember: false);
        }
        finally
        {
            Fake.Holds.TryRemove("conversations.replies", out _);
            readBack.SetResult();
        }

        var answer = await SlackBot.WaitForAsync(() => ResponsesTo(responseUrl).FirstOrDefault() is { ValueKind: System.Text.Json.JsonValueKind.Object } body ? (object)body : null, "the response_url answer");

        Assert.Contains("I'm not in this channel — invite me with `/invite @DiffusionBot`", ((System.Text.Json.JsonElement)answer).GetProperty("text").GetString(), StringComparison.Ordinal);
        await SlackBot.WaitForAsync(() => Requests.ActiveCount("Slack", User) == 0 ? "" : null, "the job to be finished");
        Assert.Equal(0, Quotas.Usage(scope, User, FivePerDay.Window).Channel);
        Assert.Single(ResponsesTo(responseUrl));
        await Fake.WhenSharesSettledAsync();
        Assert.DoesNotContain(Fake.Files.Values, f => f.SharedIn == Channel && !f.Deleted);
    }

    private QuotaStore Quotas => fixture.Bot.Services.GetRequiredService<QuotaStore>();

    private RequestStore Requests => fixture.Bot.Services.GetRequiredService<RequestStore>();

    private System.Text.Json.JsonElement[] ResponsesTo(string responseUrl) =>
        [.. Fake.Responses.Where(r => responseUrl.EndsWith(r.Path, StringComparison.Ordinal)).Select(r => r.Body)];
}
