using System.Net;
using System.Text;
using System.Text.Json;
using DiffusionBot.Slack.Tests.Fakes;
using DiffusionBot.Slack.WebApi;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Slack.Tests.WebApi;

public sealed class SlackWebApiClientTests : IAsyncLifetime
{
    private readonly ObservedTimeProvider _clock = new(new FakeTimeProvider(new DateTimeOffset(2026, 8, 1, 12, 0, 0, TimeSpan.Zero)));
    private FakeSlack _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeSlack.StartAsync(_clock);

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    [Fact]
    public async Task PostMessageAsync_SendsJsonWithTheBotToken_AndReturnsChannelAndTs()
    {
        var api = Fakes.Slack.WebApi(_fake, _clock);

        var response = await api.PostMessageAsync(new ChatPostMessageRequest { Channel = "C111", Text = "red", ThreadTs = "1610241741.000200" }, CancellationToken.None);

        Assert.Equal(("C111", "1700000000.000100"), (response.Channel, response.Ts));
        var request = Assert.Single(_fake.Requests);
        Assert.Equal("Bearer " + FakeSlack.BotToken, request.Authorization);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal("""{"channel":"C111","text":"red","thread_ts":"1610241741.000200"}""", Encoding.UTF8.GetString(request.Body));
    }

    [Fact]
    public async Task CallAsync_ThrowsTheErrorByName_WhenSlackAnswersOkFalse()
    {
        _fake.Script("chat.update", _ => FakeSlack.Error("message_not_found"));
        var api = Fakes.Slack.WebApi(_fake, _clock);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => api.UpdateMessageAsync(new ChatUpdateRequest { Channel = "C111", Ts = "1.2", Text = "x" }, CancellationToken.None));

        Assert.Equal(("chat.update", "message_not_found", false), (error.Method, error.Error, error.IsFinal));
        Assert.Null(error.StatusCode);
    }

    [Fact]
    public async Task CallAsync_ThrowsUnknownMethodOrInvalidAuth_AsSlackAnswersThem()
    {
        var api = Fakes.Slack.WebApi(_fake, _clock);
        var options = Fakes.Slack.Options(_fake);
        options.BotToken = "xoxb-revoked";
        var stranger = Fakes.Slack.WebApi(_fake, _clock, options);

        var unknown = await Assert.ThrowsAsync<SlackApiException>(() => api.PostFormAsync("chat.frobnicate", [], SlackJsonContext.Default.EmptyResponse, CancellationToken.None));
        var unauthorized = await Assert.ThrowsAsync<SlackApiException>(() => stranger.DeleteFileAsync("F1", CancellationToken.None));

        Assert.Equal("unknown_method", unknown.Error);
        Assert.Equal(("invalid_auth", true), (unauthorized.Error, unauthorized.IsFinal));
    }

    [Fact]
    public async Task CallAsync_WaitsForRetryAfterBeforeTheNextRequest_WhenRateLimited()
    {
        _fake.Script("chat.postEphemeral", _ => FakeSlack.RateLimited(30));
        var api = Fakes.Slack.WebApi(_fake, _clock);

        var response = await DriveAsync(api.PostEphemeralAsync(new ChatPostEphemeralRequest { Channel = "C111", User = "U222", Text = "no" }, CancellationToken.None));

        Assert.Equal("1700000000.000200", response.MessageTs);
        var requests = _fake.RequestsFor("chat.postEphemeral");
        Assert.Equal(2, requests.Length);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= TimeSpan.FromSeconds(30), $"{requests[1].ReceivedAt - requests[0].ReceivedAt}");
    }

    [Fact]
    public async Task CallAsync_SendsNoSecondCallOfAMethod_UntilTheFirstWasAnsweredAndItsRetryAfterRanOut()
    {
        var (api, update, answer) = await HoldUpdatesAsync();

        var first = api.UpdateMessageAsync(update, CancellationToken.None);
        var second = api.UpdateMessageAsync(update, CancellationToken.None);
        await UntilTheFakeHoldsAnUpdateAsync();
        await Until.TrueAsync(
            () => api.CallsWaitingForTurn("chat.update") == 1 || _fake.RequestsFor("chat.update").Length > 1,
            "the second update waits for the first's turn or reached the fake");
        Assert.Single(_fake.RequestsFor("chat.update"));
        _fake.Script("chat.update", _ => FakeSlack.RateLimited(30));
        answer.SetResult();
        await DriveAsync(first);
        await DriveAsync(second);

        var updates = _fake.RequestsFor("chat.update");
        Assert.Equal(3, updates.Length);
        Assert.All(updates[1..], u => Assert.True(u.ReceivedAt - updates[0].ReceivedAt >= TimeSpan.FromSeconds(30), $"{u.ReceivedAt - updates[0].ReceivedAt}"));
    }

    [Fact]
    public async Task CallAsync_ReadsTheAnswerOfACancelledCall_SoItsRetryAfterHoldsBackTheNextCall()
    {
        var (api, update, answer) = await HoldUpdatesAsync();
        using var previewStopped = new CancellationTokenSource();

        var preview = api.UpdateMessageAsync(update, previewStopped.Token);
        await UntilTheFakeHoldsAnUpdateAsync();
        _fake.Holds.TryRemove("chat.update", out _);
        await previewStopped.CancelAsync();
        var done = api.UpdateMessageAsync(update, CancellationToken.None);
        await Until.TrueAsync(
            () => api.CallsWaitingForTurn("chat.update") == 1 || _fake.RequestsFor("chat.update").Length > 1 || done.IsCompleted,
            "the next update waits behind the cancelled one or went out");
        _fake.Script("chat.update", _ => FakeSlack.RateLimited(30));
        answer.SetResult();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => preview);
        await DriveAsync(done);
        var updates = _fake.RequestsFor("chat.update");
        Assert.Equal(2, updates.Length);
        Assert.True(updates[1].ReceivedAt - updates[0].ReceivedAt >= TimeSpan.FromSeconds(30), $"{updates[1].ReceivedAt - updates[0].ReceivedAt}");
    }

    [Fact]
    public async Task CallAsync_LimitsOnlyTheRateLimitedMethod_WhenAnotherMethodIsCalled()
    {
        _fake.Script("chat.update", _ => FakeSlack.RateLimited(60));
        var api = Fakes.Slack.WebApi(_fake, _clock);
        var status = await api.PostMessageAsync(new ChatPostMessageRequest { Channel = "C111", Text = "queued" }, CancellationToken.None);

        var update = api.UpdateMessageAsync(new ChatUpdateRequest { Channel = "C111", Ts = status.Ts!, Text = "step 3" }, CancellationToken.None);
        await Until.TrueAsync(
            () => _fake.RequestsFor("chat.update").Length > 0 && api.RateLimitRemaining("chat.update") > TimeSpan.Zero,
            "the fake answered the update and the client recorded the limit");

        var user = await api.GetUserAsync("U222", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(user.IsWorkspaceAdmin);
        Assert.False(update.IsCompleted);
        Assert.Single(_fake.RequestsFor("chat.update"));
        await DriveAsync(update);
        var updates = _fake.RequestsFor("chat.update");
        Assert.True(updates[1].ReceivedAt - updates[0].ReceivedAt >= TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task CallAsync_RetriesAfterABackoff_WhenSlackAnswers5xx()
    {
        _fake.Script("users.info", _ => Results(HttpStatusCode.ServiceUnavailable), _ => Results(HttpStatusCode.BadGateway));
        var api = Fakes.Slack.WebApi(_fake, _clock);

        var user = await DriveAsync(api.GetUserAsync("U222", CancellationToken.None));

        Assert.Equal("U222", user.Id);
        var requests = _fake.RequestsFor("users.info");
        Assert.Equal(3, requests.Length);
        Assert.True(requests[1].ReceivedAt - requests[0].ReceivedAt >= SlackWebApiClient.DefaultServerErrorDelays[0]);
        Assert.True(requests[2].ReceivedAt - requests[1].ReceivedAt >= SlackWebApiClient.DefaultServerErrorDelays[1]);
    }

    [Fact]
    public async Task CallAsync_GivesUpWithTheStatus_WhenEvery5xxRetryFails()
    {
        _fake.Script("users.info", [.. Enumerable.Repeat<Func<RecordedRequest, Microsoft.AspNetCore.Http.IResult>>(_ => Results(HttpStatusCode.InternalServerError), 4)]);
        var api = Fakes.Slack.WebApi(_fake, _clock);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => DriveAsync(api.GetUserAsync("U222", CancellationToken.None)));

        Assert.Equal(HttpStatusCode.InternalServerError, error.StatusCode);
        Assert.Equal(4, _fake.RequestsFor("users.info").Length);
    }

    [Fact]
    public async Task UploadFileAsync_RunsTheThreeSteps_WithTheBytesChannelAndThread()
    {
        var api = Fakes.Slack.WebApi(_fake, _clock);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 9, 8, 7];

        var file = await api.UploadFileAsync(
            new SlackFileUpload("red.png", png) { Title = "red", AltText = "a red square", ChannelId = "C111", ThreadTs = "1610241741.000200" },
            CancellationToken.None);

        Assert.Equal(("F123", "red"), (file.Id, file.Title));
        var getUrl = Assert.Single(_fake.RequestsFor("files.getUploadURLExternal"));
        Assert.Equal(("red.png", "7", "a red square"), (getUrl.Args["filename"], getUrl.Args["length"], getUrl.Args["alt_txt"]));
        Assert.Equal(png, _fake.Uploads["F123"]);
        Assert.Null(Assert.Single(_fake.UploadAuthorizations));
        var complete = Assert.Single(_fake.RequestsFor("files.completeUploadExternal"));
        Assert.Equal(("C111", "1610241741.000200"), (complete.Args["channel_id"], complete.Args["thread_ts"]));
        var files = JsonDocument.Parse(complete.Args["files"]).RootElement;
        Assert.Equal(("F123", "red"), (files[0].GetProperty("id").GetString(), files[0].GetProperty("title").GetString()));
        Assert.Equal(["files.getUploadURLExternal", "files.completeUploadExternal"], _fake.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task UploadFileAsync_LeavesTheFileUnshared_WhenNoChannelIsNamed()
    {
        var api = Fakes.Slack.WebApi(_fake, _clock);

        var file = await api.UploadFileAsync(new SlackFileUpload("preview.jpg", new byte[] { 1, 2, 3 }), CancellationToken.None);

        Assert.Equal("F123", file.Id);
        var complete = Assert.Single(_fake.RequestsFor("files.completeUploadExternal"));
        Assert.False(complete.Args.ContainsKey("channel_id"));
        Assert.False(complete.Args.ContainsKey("thread_ts"));
    }

    [Fact]
    public async Task OpenSocketModeConnectionAsync_UsesTheAppToken_AndReturnsTheUrl()
    {
        var api = Fakes.Slack.WebApi(_fake, _clock);

        var url = await api.OpenSocketModeConnectionAsync(CancellationToken.None);

        Assert.Equal("/link/", url.AbsolutePath);
        Assert.Equal("Bearer " + FakeSlack.AppToken, Assert.Single(_fake.Requests).Authorization);
    }

    [Fact]
    public void MethodUrl_IsTheBaseUrlSlashTheMethod()
    {
        var api = new SlackWebApiClient(new HttpClient(), Microsoft.Extensions.Options.Options.Create(new SlackOptions()), _clock, Microsoft.Extensions.Logging.Abstractions.NullLogger<SlackWebApiClient>.Instance);

        Assert.Equal("https://slack.com/api/chat.postMessage", api.MethodUrl("chat.postMessage").ToString());
    }

    private static Microsoft.AspNetCore.Http.IResult Results(HttpStatusCode status) =>
        Microsoft.AspNetCore.Http.Results.Text("<html>upstream</html>", "text/html", statusCode: (int)status);

    /// <summary>A client and an edit of a posted message; the fake answers chat.update only once <c>Answer</c> is set.</summary>
    private async Task<(SlackWebApiClient Api, ChatUpdateRequest Update, TaskCompletionSource Answer)> HoldUpdatesAsync()
    {
        var answer = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fake.Holds["chat.update"] = answer.Task;
        var api = Fakes.Slack.WebApi(_fake, _clock);
        var status = await api.PostMessageAsync(new ChatPostMessageRequest { Channel = "C111", Text = "queued" }, CancellationToken.None);
        return (api, new ChatUpdateRequest { Channel = "C111", Ts = status.Ts!, Text = "step 3" }, answer);
    }

    private Task UntilTheFakeHoldsAnUpdateAsync() =>
        Until.TrueAsync(() => _fake.RequestsFor("chat.update").Length > 0, "the fake holds an update");

    /// <summary>Advances the fake clock in small steps, each only once the client waits on it, until the call completes.</summary>
    private async Task<T> DriveAsync<T>(Task<T> call)
    {
        for (var i = 0; i < 2_000 && !call.IsCompleted; i++)
        {
            await Until.TrueAsync(() => call.IsCompleted || _clock.Parked(), "the call waits on the clock or is done");
            if (!call.IsCompleted)
            {
                _clock.Advance(TimeSpan.FromMilliseconds(500));
            }
        }

        return await call.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
