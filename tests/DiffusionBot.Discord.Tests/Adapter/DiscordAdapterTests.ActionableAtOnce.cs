using DiffusionBot.Chat.Storage;
using DiffusionBot.Discord.Tests.Fakes;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>Issue #12 item 3: a result is actionable the moment it is visible, before the job has recorded its message.</summary>
public sealed partial class DiscordAdapterTests
{
    [Fact]
    public async Task ReactionOnAFreshResult_BeforeItsMessageIsRecorded_RunsAVariation()
    {
        // The reply adds the bot's own reactions after the post and before the job records the message: holding the first
        // of them holds the record, so the user's reaction lands in exactly the window the issue describes.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Fake.Rest.ScriptWhen(r => r.Method == "PUT" && r.Path.Contains("/reactions/", StringComparison.Ordinal), new FakeResponse(204, Gate: release));
        var results = bot.Services.GetRequiredService<ResultStore>();
        var requests = bot.Services.GetRequiredService<RequestStore>();
        try
        {
            var token = await bot.ImagineAsync($"green {Tiny}", userId: 1011);
            FakeMessage? posted = null;
            await DiscordBotFixture.WaitUntilAsync(
                () =>
                {
                    var status = Guild.Interaction(token).Original;
                    posted = status is null ? null : Guild.Messages.FirstOrDefault(m => m.ChannelId == status && m.Components is not null);
                    return posted is not null && Fake.Rest.Requests.Any(r => r.Method == "PUT" && r.Path.Contains($"/messages/{posted.Id}/reactions/", StringComparison.Ordinal));
                },
                "the result posted, its reactions held");
            var resultId = ResultIdOf(posted!.Components!);
            Assert.Null(results.RequestForMessage("Discord", DiscordBotFixture.Id(posted.ChannelId), DiscordBotFixture.Id(posted.Id)));
            Assert.NotEqual(RequestStatus.Done, requests.Get(resultId)!.Status);

            var grid = (posted.ChannelId, posted.Id, Fake.Rest.Requests[0]);
            await Fake.Gateway.DispatchAsync("MESSAGE_REACTION_ADD", Reaction(1011, grid, "1️⃣"));

            await DiscordBotFixture.WaitUntilAsync(() => VariationsOf(resultId).Count == 1, "the variation queued while the record is held");
            Assert.Null(results.RequestForMessage("Discord", DiscordBotFixture.Id(posted.ChannelId), DiscordBotFixture.Id(posted.Id)));
            release.SetResult();

            var variation = requests.Get(VariationsOf(resultId)[0])!;
            Assert.Equal("vary", variation.Kind, ignoreCase: true);
            Assert.Equal("1011", variation.UserId);
            await DiscordBotFixture.WaitUntilAsync(() => requests.Get(variation.Id)?.Status == RequestStatus.Done, "the variation rendered");
            Assert.Equal(RequestStatus.Done, requests.Get(resultId)!.Status);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    private List<string> VariationsOf(string parentId) => StoredRequests.ChildrenOf(bot.Services, parentId);
}
