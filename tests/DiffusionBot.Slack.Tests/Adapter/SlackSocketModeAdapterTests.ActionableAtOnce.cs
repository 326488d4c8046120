using DiffusionBot.Chat.Storage;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>Issue #12 item 3: a result is actionable the moment it is visible, before the job has recorded its message.</summary>
public sealed partial class SlackSocketModeAdapterTests
{
    [Fact]
    public async Task ReactionOnAFreshResult_BeforeItsMessageIsRecorded_StartsAReroll()
    {
        // After posting the buttons the reply edits the status to "Done" and only then does the job record the message:
        // holding that edit holds the record, so the reaction lands in exactly the window the issue describes.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var held = Fake.HoldWhen(
            r => r.Method == "chat.update" && r.Json is { } body && body.GetProperty("channel").GetString() == "C-FRESH"
                && body.TryGetProperty("text", out var text) && text.GetString()?.StartsWith("Done", StringComparison.Ordinal) == true,
            release.Task);
        var results = fixture.Bot.Services.GetRequiredService<ResultStore>();
        var requests = fixture.Bot.Services.GetRequiredService<RequestStore>();
        try
        {
            await Socket.SendAsync(SlackBot.SlashCommand("env-fresh", "C-FRESH", "red --size 64x64 --steps 2 --seed 7", "trig-fresh"));
            await Socket.NextReceivedAsync();
            await held.WaitAsync(TimeSpan.FromSeconds(45));
            var status = TopLevel("C-FRESH").Single();
            var buttons = ButtonMessages(status.Ts).Single();
            var resultId = ResultId(buttons);
            Assert.Null(results.RequestForMessage("Slack", "C-FRESH", buttons.Ts));
            Assert.NotEqual(RequestStatus.Done, requests.Get(resultId)!.Status);

            await Socket.SendAsync(SlackBot.Event("env-fresh-react", "Ev-fresh-react", new { type = "reaction_added", user = "U222", reaction = "repeat", item_user = "UBOT", item = new { type = "message", channel = "C-FRESH", ts = buttons.Ts }, event_ts = "1.1" }));
            await Socket.NextReceivedAsync();

            var child = await SlackBot.WaitForAsync(() => ChildrenOf(resultId).SingleOrDefault(), "the reroll queued while the record is held");
            Assert.Equal("reroll", requests.Get(child)!.Kind, ignoreCase: true);
            Assert.Contains("new seeds", TopLevel("C-FRESH")[1].History[0], StringComparison.Ordinal);
            Assert.Null(results.RequestForMessage("Slack", "C-FRESH", buttons.Ts));
            release.SetResult();

            var second = await ResultAsync("C-FRESH", index: 1);
            Assert.Equal(child, second.ResultId);
            Assert.Equal(RequestStatus.Done, requests.Get(resultId)!.Status);
        }
        finally
        {
            release.TrySetResult();
        }
    }

    private List<string> ChildrenOf(string parentId) => StoredRequests.ChildrenOf(fixture.Bot.Services, parentId);
}
