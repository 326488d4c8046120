using System.Net;
using System.Text.Json;
using DiffusionBot.Discord.Rest;
using DiffusionBot.Discord.Tests.Fakes;
using DiffusionBot.Discord.Wire;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Discord.Tests.Rest;

public sealed class DiscordRestClientTests : IAsyncLifetime
{
    private static readonly MessageBody Hello = new() { Content = "hello @everyone" };

    private readonly ObservedTimeProvider _time = new();
    private readonly HttpClient _http = new();
    private readonly ListLogger<DiscordRestClient> _logger = new();
    private FakeDiscord _fake = null!;
    private DiscordRestClient _client = null!;

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _client = new DiscordRestClient(
            _http, Options.Create(_fake.Options()), _time, _logger, [TimeSpan.Zero, TimeSpan.Zero]);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task CreateMessage_SendsBotAuthorizationUserAgentAndNoPings()
    {
        var message = await _client.CreateMessageAsync(41771983423143937, Hello, null, CancellationToken.None);

        var request = Assert.Single(_fake.Rest.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/channels/41771983423143937/messages", request.Path);
        Assert.Equal($"Bot {FakeDiscord.Token}", request.Authorization);
        Assert.Equal(DiscordRestClient.UserAgent, request.UserAgent);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("hello @everyone", body.RootElement.GetProperty("content").GetString());
        Assert.Equal(0, body.RootElement.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        Assert.Equal(155117677105512449UL, message.Id);
    }

    [Fact]
    public async Task CreateMessage_SendsPayloadJsonAndFileParts_WhenThereAreFiles()
    {
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0, 1, 2, 255];
        var body = Hello with { MessageReference = new MessageReference(233648473390448641) };

        await _client.CreateMessageAsync(1, body, [new DiscordFile("cat.png", png, Description: "a cat")], CancellationToken.None);

        var request = Assert.Single(_fake.Rest.Requests);
        Assert.StartsWith("multipart/form-data", request.ContentType, StringComparison.Ordinal);
        using var payload = JsonDocument.Parse(request.FormFields["payload_json"]);
        var slot = Assert.Single(payload.RootElement.GetProperty("attachments").EnumerateArray());
        Assert.Equal("0", slot.GetProperty("id").GetString());
        Assert.Equal("cat.png", slot.GetProperty("filename").GetString());
        Assert.Equal("a cat", slot.GetProperty("description").GetString());
        Assert.Equal("233648473390448641", payload.RootElement.GetProperty("message_reference").GetProperty("message_id").GetString());
        Assert.Equal(0, payload.RootElement.GetProperty("allowed_mentions").GetProperty("parse").GetArrayLength());
        var file = request.Files["files[0]"];
        Assert.Equal("cat.png", file.FileName);
        Assert.Equal("image/png", file.ContentType);
        Assert.Equal(png, file.Content);
    }

    [Fact]
    public async Task CreateInteractionResponse_SendsNoAuthorization_AndTheCallbackType()
    {
        var defer = new InteractionResponse(InteractionResponse.DeferredChannelMessage, null);

        await _client.CreateInteractionResponseAsync(1234, "tok/en", defer, null, CancellationToken.None);

        var request = Assert.Single(_fake.Rest.Requests);
        Assert.Equal("/interactions/1234/tok%2Fen/callback", request.Path);
        Assert.Null(request.Authorization);
        Assert.Equal(DiscordRestClient.UserAgent, request.UserAgent);
        Assert.Equal("""{"type":5}""", request.Body);
    }

    [Fact]
    public async Task InteractionWebhooks_UseTheApplicationAndToken_WithFiles()
    {
        await _client.EditOriginalInteractionResponseAsync("abc", Hello, [new DiscordFile("a.png", new byte[] { 1 })], CancellationToken.None);
        await _client.CreateFollowupMessageAsync("abc", Hello with { Flags = 64 }, null, CancellationToken.None);

        var edit = _fake.Rest.Requests[0];
        var followup = _fake.Rest.Requests[1];
        Assert.Equal(("PATCH", $"/webhooks/{FakeDiscord.ApplicationId}/abc/messages/@original"), (edit.Method, edit.Path));
        Assert.Equal([1], edit.Files["files[0]"].Content);
        Assert.Equal(("POST", $"/webhooks/{FakeDiscord.ApplicationId}/abc"), (followup.Method, followup.Path));
        Assert.Null(followup.Authorization);
        Assert.Contains("\"flags\":64", followup.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OtherRoutes_UseTheDocumentedMethodsAndPaths()
    {
        await _client.EditMessageAsync(1, 2, new MessageBody { Content = "edited" }, null, CancellationToken.None);
        var thread = await _client.StartThreadFromMessageAsync(1, 2, new StartThreadRequest("prompt", 1440), CancellationToken.None);
        await _client.CreateReactionAsync(1, 2, "🎨", CancellationToken.None);
        var command = new ApplicationCommand { Name = "imagine", Description = "Draw" };
        var global = await _client.BulkOverwriteGlobalCommandsAsync([command], CancellationToken.None);
        await _client.BulkOverwriteGuildCommandsAsync(99, [command], CancellationToken.None);
        var gateway = await _client.GetGatewayBotAsync(CancellationToken.None);

        Assert.Equal(
            [
                "PATCH /channels/1/messages/2",
                "POST /channels/1/messages/2/threads",
                "PUT /channels/1/messages/2/reactions/🎨/@me",
                $"PUT /applications/{FakeDiscord.ApplicationId}/commands",
                $"PUT /applications/{FakeDiscord.ApplicationId}/guilds/99/commands",
                "GET /gateway/bot",
            ],
            _fake.Rest.Requests.Select(r => $"{r.Method} {r.Path}"));
        Assert.Equal(41771983423143937UL, thread.Id);
        Assert.Equal(1001UL, Assert.Single(global).Id);
        Assert.Equal("""[{"name":"imagine","description":"Draw","type":1}]""", _fake.Rest.Requests[3].Body);
        Assert.Equal(_fake.GatewayUrl, gateway.Url.TrimEnd('/'));
    }

    [Fact]
    public async Task Send_WaitsRetryAfter_WhenRateLimited()
    {
        _fake.Rest.Script("/channels/1/messages", FakeResponse.RateLimited(30, global: false));

        var send = _client.CreateMessageAsync(1, Hello, null, CancellationToken.None);
        await ParkedOrDoneAsync(send);
        _time.Advance(TimeSpan.FromSeconds(29));
        await ParkedOrDoneAsync(send);
        Assert.Single(_fake.Rest.Requests);

        await AdvanceUntilAsync(send);
        Assert.Equal(2, _fake.Rest.Requests.Count);
    }

    [Fact]
    public async Task Send_CountsEach429_InTheBotsRateLimitedMetric()
    {
        long counted = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == Chat.Telemetry.BotMetrics.MeterName && instrument.Name == "diffusionbot.rate_limited")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag is { Key: "platform", Value: "Discord" })
                {
                    Interlocked.Add(ref counted, value);
                }
            }
        });
        listener.Start();
        _fake.Rest.Script("/channels/1/messages", FakeResponse.RateLimited(30, global: false));

        var send = _client.CreateMessageAsync(1, Hello, null, CancellationToken.None);
        await RateLimitSeenAsync();
        await AdvanceUntilAsync(send);

        Assert.True(Interlocked.Read(ref counted) >= 1, "the 429 was not counted");
    }

    [Fact]
    public async Task Send_HoldsEveryRoute_WhenRateLimitedGlobally()
    {
        _fake.Rest.Script("/channels/1/messages", FakeResponse.RateLimited(10, global: true));

        var first = _client.CreateMessageAsync(1, Hello, null, CancellationToken.None);
        await RateLimitSeenAsync();
        var other = _client.CreateReactionAsync(2, 3, "👍", CancellationToken.None);
        await ParkedOrDoneAsync(other, timers: 2);
        Assert.Single(_fake.Rest.Requests);

        await AdvanceUntilAsync(Task.WhenAll(first, other));
        Assert.Equal(3, _fake.Rest.Requests.Count);
    }

    [Fact]
    public async Task Send_LetsOneRequestThroughAnUnseenBucket_ThenWaitsForItsReset()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _fake.Rest.Script("/channels/1/messages", new FakeResponse(
            200,
            """{"id":"5","channel_id":"1"}""",
            new Dictionary<string, string>
            {
                ["X-RateLimit-Limit"] = "1",
                ["X-RateLimit-Remaining"] = "0",
                ["X-RateLimit-Reset-After"] = "5.5",
                ["X-RateLimit-Bucket"] = "abcd1234",
            },
            gate));

        var first = _client.CreateMessageAsync(1, Hello, null, CancellationToken.None);
        var second = _client.CreateMessageAsync(1, Hello, null, CancellationToken.None);
        await _fake.Rest.WaitForRequestsAsync(1);
        await Until.TrueAsync(() => _client.RequestsWaitingForTurn == 1 || second.IsCompleted, "the second request waits for the bucket's turn");
        Assert.Single(_fake.Rest.Requests);

        gate.SetResult();
        await first.WaitAsync(TimeSpan.FromSeconds(10));
        await ParkedOrDoneAsync(second);
        _time.Advance(TimeSpan.FromSeconds(5));
        await ParkedOrDoneAsync(second);
        Assert.Single(_fake.Rest.Requests);

        await AdvanceUntilAsync(second);
        Assert.Equal(2, _fake.Rest.Requests.Count);
    }

    /// <summary>Steps the clock only while the client is parked on it, until <paramref name="pending"/> completes.</summary>
    private async Task AdvanceUntilAsync(Task pending)
    {
        for (var i = 0; i < 200 && !pending.IsCompleted; i++)
        {
            await ParkedOrDoneAsync(pending);
            _time.Advance(TimeSpan.FromSeconds(0.5));
        }

        await pending.WaitAsync(TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Waits until <paramref name="call"/> completed or the client sits on at least <paramref name="timers"/> fake-clock waits
    /// with no timer callback running: from then on it sends nothing until the clock moves, so what the fake saw is final.
    /// </summary>
    private Task ParkedOrDoneAsync(Task call, int timers = 1) =>
        Until.TrueAsync(() => call.IsCompleted || _time.Parked(timers), $"the client waits on the clock ({timers}) or the call is done");

    [Fact]
    public async Task Send_Retries_WhenDiscordAnswers5xx()
    {
        _fake.Rest.Script("/channels/1/messages", new FakeResponse(502));
        _fake.Rest.Script("/channels/1/messages", new FakeResponse(500, """{"message":"oops","code":0}"""));

        var message = await _client.CreateMessageAsync(1, Hello, null, CancellationToken.None);

        Assert.Equal(3, _fake.Rest.Requests.Count);
        Assert.Equal(155117677105512449UL, message.Id);
    }

    [Fact]
    public async Task Send_Throws_WhenServerErrorsOutlastTheRetries()
    {
        for (var i = 0; i < 3; i++)
        {
            _fake.Rest.Script("/channels/1/messages", new FakeResponse(503));
        }

        var error = await Assert.ThrowsAsync<DiscordApiException>(() => _client.CreateMessageAsync(1, Hello, null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(3, _fake.Rest.Requests.Count);
    }

    [Fact]
    public async Task Send_ThrowsWithDiscordsCodeAndRouteTemplate_WhenRefused()
    {
        _fake.Rest.Script($"/webhooks/{FakeDiscord.ApplicationId}/secret-token", new FakeResponse(404, """{"message":"Unknown interaction","code":10062}"""));

        var error = await Assert.ThrowsAsync<DiscordApiException>(() => _client.CreateFollowupMessageAsync("secret-token", Hello, null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.NotFound, error.StatusCode);
        Assert.Equal(DiscordApiException.UnknownInteraction, error.ErrorCode);
        Assert.Equal("Unknown interaction", error.DiscordMessage);
        Assert.Equal("POST /webhooks/{application.id}/{interaction.token}", error.Route);
        Assert.DoesNotContain("secret-token", error.Message, StringComparison.Ordinal);
        Assert.Single(_fake.Rest.Requests);
    }

    /// <summary>Waits until the client has taken in a 429 (its log line follows the pause), so fake time moves only after.</summary>
    private Task RateLimitSeenAsync() =>
        Until.TrueAsync(() => _logger.Entries.Any(e => e.EventId == 4100), "the client logged the 429");
}
