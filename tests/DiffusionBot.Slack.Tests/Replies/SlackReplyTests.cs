using System.Text.Json;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Diffusion;
using DiffusionBot.Slack.Replies;
using DiffusionBot.Slack.Tests.Fakes;
using DiffusionBot.Slack.WebApi;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Slack.Tests.Replies;

public sealed class SlackReplyTests : IAsyncLifetime
{
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF, 1];
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero));
    private FakeSlack _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeSlack.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task ShowPreviewAsync_SharesOnePreviewAtATimeIntoTheThread_AndPostResultAsyncDeletesTheLast()
    {
        var (reply, address) = await StatusAsync();

        await reply.ShowPreviewAsync(address, Jpeg, 3, 20, CancellationToken.None);
        await reply.ShowPreviewAsync(address, Jpeg, 4, 20, CancellationToken.None);
        await _fake.WhenSharesSettledAsync();
        var first = Assert.Single(Previews());
        Assert.Equal((address.ChannelId, address.MessageId), (first.SharedIn, first.SharedInThread));
        Assert.Single(_fake.Thread("C1", address.MessageId!), m => m.Files.Any(f => f.Id == first.Id));

        _clock.Advance(TimeSpan.FromSeconds(2));
        await reply.ShowPreviewAsync(address, Jpeg, 9, 20, CancellationToken.None);
        await _fake.WhenSharesSettledAsync();
        var second = Previews()[1];
        Assert.True(first.Deleted);
        Assert.False(second.Deleted);
        Assert.Equal([second.Id], _fake.Thread("C1", address.MessageId!).SelectMany(m => m.Files).Select(f => f.Id));

        await reply.PostResultAsync(address, Post("r1", 1), CancellationToken.None);
        await _fake.WhenSharesSettledAsync();

        Assert.All(Previews(), p => Assert.True(p.Deleted, $"{p.Name} was left behind"));
        Assert.Equal(2, _fake.Thread("C1", address.MessageId!).Length);
        Assert.Empty(_fake.Failures);
        var status = _fake.Messages.Single(m => m.Ts == address.MessageId);
        Assert.Equal("Done — the image is in the thread.", status.Text);
        Assert.Equal("[]", status.Blocks?.GetRawText());
    }

    [Fact]
    public async Task ShowPreviewAsync_LeavesNoFileBehind_WhenTheJobStopsPreviewsWhileAnUploadIsUnderWay()
    {
        var (reply, address) = await StatusAsync();
        var complete = new TaskCompletionSource();
        var uploadArrived = _fake.Hold("files.completeUploadExternal", complete.Task);

        // Shares land only after the result is posted, so its read-back cannot find the preview: only the reply's own record can.
        var shares = new TaskCompletionSource();
        _fake.ShareGate = shares.Task;
        using var stop = new CancellationTokenSource();

        var preview = reply.ShowPreviewAsync(address, Jpeg, 3, 20, stop.Token).AsTask();
        await uploadArrived.WaitAsync(TimeSpan.FromSeconds(30));
        await stop.CancelAsync();
        _fake.Holds.TryRemove("files.completeUploadExternal", out _);
        complete.SetResult();
        try
        {
            await preview;
        }
        catch (OperationCanceledException)
        {
            // Stopping may end the preview early (the throttle expects that); what matters is the file it leaves.
        }

        await reply.PostResultAsync(address, Post("r1", 1), CancellationToken.None);
        shares.SetResult();
        await _fake.WhenSharesSettledAsync();

        Assert.True(Assert.Single(Previews()).Deleted);
        Assert.DoesNotContain(_fake.Thread("C1", address.MessageId!), m => m.Files.Any(f => f.Name.StartsWith("dbot-preview-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Fake_RefusesASlackFileImageBlock_UnlessTheFileIsSharedIntoThatChannelAndItsShareHasLanded()
    {
        var api = Fakes.Slack.WebApi(_fake);
        var status = await api.PostMessageAsync(new ChatPostMessageRequest { Channel = "C1", Text = "queued" }, CancellationToken.None);
        var unshared = await api.UploadFileAsync(new SlackFileUpload("a.jpg", Jpeg), CancellationToken.None);
        var hold = new TaskCompletionSource();
        _fake.ShareGate = hold.Task;
        var shared = await api.UploadFileAsync(new SlackFileUpload("b.jpg", Jpeg) { ChannelId = "C1", ThreadTs = status.Ts }, CancellationToken.None);

        var notShared = await Assert.ThrowsAsync<SlackApiException>(() => api.UpdateMessageAsync(Showing(status.Ts!, unshared.Id!), CancellationToken.None));
        var processing = await Assert.ThrowsAsync<SlackApiException>(() => api.UpdateMessageAsync(Showing(status.Ts!, shared.Id!), CancellationToken.None));
        hold.SetResult();
        await _fake.WhenSharesSettledAsync();
        await api.UpdateMessageAsync(Showing(status.Ts!, shared.Id!), CancellationToken.None);

        Assert.Equal(("invalid_blocks", "invalid_blocks"), (notShared.Error, processing.Error));
        Assert.Contains(_fake.Failures, f => f.Error == "invalid_blocks");
    }

    [Fact]
    public async Task PostResultAsync_PostsOnce_WhenTheJobPostsTheSameResultAgainAfterACrash()
    {
        var (reply, address) = await StatusAsync();
        var post = new ResultPost("r1", [new ResultImage(new byte[] { 1, 2, 3 }, 7)], "a <!channel> fox", ResultAction.ForGrid(1));

        var first = await reply.PostResultAsync(address, post, CancellationToken.None);
        await _fake.WhenSharesSettledAsync();
        var again = await reply.PostResultAsync(address, post, CancellationToken.None);
        await _fake.WhenSharesSettledAsync();

        Assert.Equal(first, again);
        Assert.Single(_fake.RequestsFor("files.completeUploadExternal"));
        var thread = _fake.Thread("C1", address.MessageId!);
        Assert.Equal(2, thread.Length);
        Assert.Contains(thread, m => m.Text?.Contains("&lt;!channel&gt;", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task PostResultAsync_PutsTheNoteUnderThePrompt_WhenThePostHasOne()
    {
        const string note = "Note: the last 12 tokens of your prompt did not fit and were left out.";
        var (reply, address) = await StatusAsync();
        var post = new ResultPost("r-note", [new ResultImage(new byte[] { 1, 2, 3 }, 7)], "a long prompt", ResultAction.ForGrid(1), note);

        await reply.PostResultAsync(address, post, CancellationToken.None);
        await _fake.WhenSharesSettledAsync();

        Assert.Contains(_fake.Thread("C1", address.MessageId!), m => m.Text == "a long prompt\n" + note);
    }

    [Fact]
    public async Task PostResultAsync_FindsWhatItPostedOnALaterPage_WhenTheThreadIsLongerThanOnePage()
    {
        var (reply, address) = await StatusAsync();
        var post = Post("r-long", 2);
        for (var i = 0; i < 5; i++)
        {
            _fake.PostAsUser("C1", "nice " + i, address.MessageId);
        }

        var first = await reply.PostResultAsync(address, post, CancellationToken.None);
        await _fake.WhenSharesSettledAsync();
        _fake.RepliesPageSize = 2;
        var again = await reply.PostResultAsync(address, post, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(2, _fake.RequestsFor("files.completeUploadExternal").Length);
        Assert.Single(_fake.RequestsFor("chat.postMessage"), r => r.Json!.Value.TryGetProperty("blocks", out _));
        Assert.True(_fake.RequestsFor("conversations.replies").Count(r => r.Args.ContainsKey("cursor")) >= 3, "the read-back did not follow the cursor");
    }

    [Fact]
    public async Task PostResultAsync_PostsNothingAndThrows_WhenTheReadBackFails_ThenPostsOnlyWhatIsMissing()
    {
        var (reply, address) = await StatusAsync();
        var post = Post("r-crash", 2);

        // Attempt 1 uploads both images, then dies before the buttons (the worker crashed, Slack failed the call).
        _fake.Script("chat.postMessage", _ => FakeSlack.Error("internal_error"));
        await Assert.ThrowsAsync<SlackApiException>(() => reply.PostResultAsync(address, post, CancellationToken.None).AsTask());
        await _fake.WhenSharesSettledAsync();

        // Attempt 2 cannot read the thread back: it posts nothing (it cannot know what is there) and fails, to be retried.
        _fake.Script("conversations.replies", _ => FakeSlack.Error("internal_error"));
        var unread = await Assert.ThrowsAsync<SlackApiException>(() => reply.PostResultAsync(address, post, CancellationToken.None).AsTask());
        Assert.Equal(2, _fake.RequestsFor("files.completeUploadExternal").Length);
        Assert.Equal(2, _fake.RequestsFor("chat.postMessage").Length);

        // Attempt 3 reads it and adds only the buttons.
        await reply.PostResultAsync(address, post, CancellationToken.None);

        Assert.Equal(("conversations.replies", "internal_error"), (unread.Method, unread.Error));
        Assert.Equal(2, _fake.RequestsFor("files.completeUploadExternal").Length);
        var thread = _fake.Thread("C1", address.MessageId!);
        Assert.Equal(2, thread.Count(m => m.Files.Count > 0));
        Assert.Single(thread, m => m.Blocks?.GetRawText().Contains("\"actions\"", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task PostResultAsync_ThrowsReplyRefused_AndPostErrorAsyncAnswersThroughTheResponseUrl_WhenTheBotWasRemoved()
    {
        var (reply, address) = await StatusAsync();
        address = address with { InteractionToken = _fake.ResponseUrl("kicked"), InteractionExpiresAt = _clock.GetUtcNow().AddMinutes(30) };
        _fake.Conversations["C1"] = new FakeConversation("C1", FakeConversationKind.PrivateChannel, BotIsMember: false);

        var refused = await Assert.ThrowsAsync<ReplyRefusedException>(() => reply.PostResultAsync(address, Post("r1", 1), CancellationToken.None).AsTask());
        await reply.PostErrorAsync(address, refused.UserMessage, CancellationToken.None);

        Assert.Empty(_fake.RequestsFor("files.getUploadURLExternal"));
        var answer = Assert.Single(_fake.Responses).Body;
        Assert.Equal("ephemeral", answer.GetProperty("response_type").GetString());
        Assert.Equal("⚠️ I'm not in this channel — invite me with `/invite @DiffusionBot`, or try me in a channel I'm in.", answer.GetProperty("text").GetString());
    }

    [Fact]
    public async Task PostErrorAsync_TellsNobodyAndThrowsNothing_WhenTheResponseUrlHasExpired()
    {
        var (reply, address) = await StatusAsync();
        address = address with { InteractionToken = _fake.ResponseUrl("late"), InteractionExpiresAt = _clock.GetUtcNow().AddMinutes(-1) };
        _fake.Conversations["C1"] = new FakeConversation("C1", FakeConversationKind.PublicChannel, BotIsMember: false);

        await reply.PostErrorAsync(address, "Something went wrong.", CancellationToken.None);

        Assert.Empty(_fake.Responses);
    }

    [Fact]
    public void Result_KeepsEveryActionsBlockWithinSlacksLimit_ForEveryAllowedImageCount()
    {
        for (var count = 1; count <= MaxAllowedImages(); count++)
        {
            var actions = ResultAction.ForGrid(count);
            var blocks = SlackBlocks.Result("fox", "r1", actions, "dbot-r1");

            var rows = blocks.EnumerateArray().Where(b => b.GetProperty("type").GetString() == "actions").ToList();
            Assert.All(rows, r => Assert.InRange(r.GetProperty("elements").GetArrayLength(), 1, FakeSlack.MaxActionsPerBlock));
            Assert.Equal(rows.Count, rows.Select(r => r.GetProperty("block_id").GetString()).Distinct().Count());
            Assert.Equal("dbot-r1", rows[0].GetProperty("block_id").GetString());
            Assert.Equal(actions.Select(ResultButton.ActionId), rows.SelectMany(r => r.GetProperty("elements").EnumerateArray()).Select(e => e.GetProperty("action_id").GetString()));
        }
    }

    [Fact]
    public async Task PostResultAsync_IsAcceptedBySlack_WithTheLargestAllowedGrid()
    {
        var (reply, address) = await StatusAsync();

        var ids = await reply.PostResultAsync(address, Post("r-max", MaxAllowedImages()), CancellationToken.None);

        Assert.NotEmpty(ids);
        Assert.Empty(_fake.Failures);
    }

    private static ChatUpdateRequest Showing(string ts, string fileId) => new()
    {
        Channel = "C1",
        Ts = ts,
        Text = "preview",
        Blocks = JsonDocument.Parse($$$"""[{"type":"section","text":{"type":"mrkdwn","text":"preview"}},{"type":"image","slack_file":{"id":"{{{fileId}}}"},"alt_text":"preview"}]""").RootElement.Clone(),
    };

    /// <summary>The top of <see cref="EngineOptions.MaxImages"/>'s allowed range.</summary>
    private static int MaxAllowedImages() =>
        (int)typeof(EngineOptions).GetProperty(nameof(EngineOptions.MaxImages))!.GetCustomAttributes(typeof(System.ComponentModel.DataAnnotations.RangeAttribute), false).Cast<System.ComponentModel.DataAnnotations.RangeAttribute>().Single().Maximum;

    private static ResultPost Post(string id, int images) =>
        new(id, [.. Enumerable.Range(0, images).Select(i => new ResultImage(new byte[] { 1, 2, (byte)i }, i))], "a fox", ResultAction.ForGrid(images));

    private FakeFile[] Previews() =>
        [.. _fake.Files.Values.Where(f => f.Name.StartsWith("dbot-preview-", StringComparison.Ordinal)).OrderBy(f => f.Id.Length).ThenBy(f => f.Id, StringComparer.Ordinal)];

    private async Task<(SlackReply Reply, ReplyAddress Address)> StatusAsync()
    {
        var options = Fakes.Slack.Options(_fake);
        var api = Fakes.Slack.WebApi(_fake, options: options);
        var status = await api.PostMessageAsync(new ChatPostMessageRequest { Channel = "C1", Text = "queued" }, CancellationToken.None);
        var reply = new SlackReply(api, Microsoft.Extensions.Options.Options.Create(options), _clock, NullLogger<SlackReply>.Instance);
        return (reply, new ReplyAddress(ChatPlatform.Slack, "C1", "T111", MessageId: status.Ts));
    }
}
