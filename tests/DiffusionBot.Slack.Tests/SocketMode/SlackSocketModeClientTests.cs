using System.Text.Json;
using DiffusionBot.Slack.SocketMode;
using DiffusionBot.Slack.Tests.Fakes;
using DiffusionBot.Slack.WebApi;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Slack.Tests.SocketMode;

public sealed class SlackSocketModeClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly ListLogger<SlackSocketModeClient> _log = new();
    private readonly CancellationTokenSource _stop = new();
    private FakeSlack _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeSlack.StartAsync();

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _stop.Dispose();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task RunAsync_AcksTheEnvelopeByIdBeforeTheHandlerFinishes_WhenSlackSaysHelloThenDelivers()
    {
        var handler = new RecordingHandler(hold: true);
        var run = Start(handler);
        var socket = await _fake.NextSocketAsync();

        await socket.SendAsync(Envelope("env-1", "Ev1"));
        var ack = await socket.NextReceivedAsync();

        Assert.Equal("""{"envelope_id":"env-1"}""", ack);
        Assert.Empty(handler.Finished);
        var started = await handler.FirstStarted.WaitAsync(Bound);
        Assert.Equal(EnvelopeKind.EventsApi, started.Kind);
        Assert.Equal("Ev1", started.Payload.GetProperty("event_id").GetString());
        handler.Release();
        Assert.Equal("env-1", await handler.FirstFinished.WaitAsync(Bound));
        await StopAsync(run);
        Assert.Equal("Bearer " + FakeSlack.AppToken, Assert.Single(_fake.RequestsFor("apps.connections.open")).Authorization);
    }

    [Fact]
    public async Task RunAsync_OpensANewSocketBeforeClosingTheOld_WhenSlackRequestsARefresh()
    {
        var handler = new RecordingHandler();
        var run = Start(handler);
        var first = await _fake.NextSocketAsync();

        await first.SendAsync("""{"type":"disconnect","reason":"refresh_requested","num_connections":1,"debug_info":{"host":"applink-fake"}}""");
        var second = await _fake.NextSocketAsync();
        await first.Closed.WaitAsync(Bound);

        var timeline = _fake.Timeline;
        Assert.True(Array.IndexOf(timeline, "hello:2") < Array.IndexOf(timeline, "ws-closed:1"), string.Join(", ", timeline));
        Assert.Equal(2, _fake.SocketUrls.Distinct().Count());

        await second.SendAsync(Envelope("env-2", "Ev2", type: "slash_commands"));
        Assert.Equal("""{"envelope_id":"env-2"}""", await second.NextReceivedAsync());

        // The ack goes out before the handler runs (on its own task), so wait for the handler to start.
        await handler.WhenStartedAsync(1, Bound);

        await StopAsync(run);
        Assert.Equal(EnvelopeKind.SlashCommands, Assert.Single(handler.Started).Kind);
    }

    [Fact]
    public async Task RunAsync_HandsARedeliveredEnvelopeToTheHandlerOnce_WhenItsEnvelopeOrEventIdWasSeen()
    {
        var handler = new RecordingHandler();
        var run = Start(handler);
        var socket = await _fake.NextSocketAsync();

        await socket.SendAsync(Envelope("env-1", "Ev1"));
        await socket.SendAsync(Envelope("env-1", "Ev1", retryAttempt: 1));
        await socket.SendAsync(Envelope("env-9", "Ev1", retryAttempt: 2));
        await socket.SendAsync(Envelope("env-3", "Ev3"));
        string[] acks = [await socket.NextReceivedAsync(), await socket.NextReceivedAsync(), await socket.NextReceivedAsync(), await socket.NextReceivedAsync()];

        // An envelope is acked before its handler starts; the duplicates before env-3 were dropped when they arrived.
        await handler.WhenStartedAsync(2, Bound);

        await StopAsync(run);

        Assert.Equal(["env-1", "env-1", "env-9", "env-3"], acks.Select(a => JsonDocument.Parse(a).RootElement.GetProperty("envelope_id").GetString()));
        Assert.Equal(["env-1", "env-3"], handler.Started.Select(e => e.EnvelopeId).Order());
    }

    [Fact]
    public async Task RunAsync_OpensTheNextSocketOnlyAfterTheRetryAfter_WhenAppsConnectionsOpenHitsItsTier1Limit()
    {
        // Tier 1 sped up sixtyfold: one apps.connections.open a second, so the refresh's second open gets a 429.
        var limits = new FakeRateLimits(speedup: 60, burstSeconds: 1);
        _fake.RateLimits = limits;
        var run = Start(new RecordingHandler());
        var first = await _fake.NextSocketAsync();

        await first.SendAsync("""{"type":"disconnect","reason":"refresh_requested","num_connections":1,"debug_info":{"host":"applink-fake"}}""");
        var second = await _fake.NextSocketAsync();
        await StopAsync(run);

        Assert.NotSame(first, second);
        Assert.True(limits.RateLimited >= 1, "the second open was never rate-limited, so this proves nothing");
        Assert.Equal(0, limits.Violations);
    }

    [Fact]
    public async Task RunAsync_StopsWithAClearLogLine_WhenSlackDisablesSocketMode()
    {
        var run = Start(new RecordingHandler());
        var socket = await _fake.NextSocketAsync();

        await socket.SendAsync("""{"type":"disconnect","reason":"socket_mode_disabled","debug_info":{"host":"applink-fake"}}""");
        await run.WaitAsync(Bound);

        var line = Assert.Single(_log.Entries, l => l.EventId == 6004);
        Assert.Contains("disabled Socket Mode", line.Message, StringComparison.Ordinal);
        Assert.Single(_fake.SocketUrls);
        await socket.Closed.WaitAsync(Bound);
    }

    [Fact]
    public async Task RunAsync_LogsAndReconnects_WhenSlackSaysTooManyWebsockets()
    {
        var run = Start(new RecordingHandler());
        var first = await _fake.NextSocketAsync();

        await first.SendAsync("""{"type":"disconnect","reason":"too_many_websockets","num_connections":10}""");
        var second = await _fake.NextSocketAsync();
        await StopAsync(run);

        Assert.Equal(2, second.Ticket);
        Assert.Contains("too many WebSockets", Assert.Single(_log.Entries, l => l.EventId == 6005).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ReconnectsWithAFreshUrl_WhenTheSocketStopsAnsweringPings()
    {
        _fake.SilentTickets[1] = true;
        var run = Start(new RecordingHandler(), new ClientWebSocketConnector(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300)));

        var dead = await _fake.NextSocketAsync();
        var fresh = await _fake.NextSocketAsync();
        await fresh.SendAsync(Envelope("env-after", "EvAfter"));
        Assert.Equal("""{"envelope_id":"env-after"}""", await fresh.NextReceivedAsync());
        await StopAsync(run);

        Assert.Equal((1, 2), (dead.Ticket, fresh.Ticket));
        Assert.Equal(2, _fake.SocketUrls.Distinct().Count());
        Assert.True(_log.Has(6006));
    }

    [Fact]
    public async Task RunAsync_Throws_WhenSlackRefusesTheAppToken()
    {
        var options = Fakes.Slack.Options(_fake);
        options.AppToken = "xapp-wrong";
        var client = Create(new RecordingHandler(), options: options);

        var error = await Assert.ThrowsAsync<SlackApiException>(() => client.RunAsync(_stop.Token).WaitAsync(Bound));

        Assert.Equal("invalid_auth", error.Error);
        Assert.True(_log.Has(6008));
    }

    private static string Envelope(string envelopeId, string eventId, int retryAttempt = 0, string type = "events_api") =>
        $$"""
        {"envelope_id":"{{envelopeId}}","payload":{"token":"verification-token","team_id":"T111","api_app_id":"A111","event":{"type":"app_mention","text":"<@U111> red","user":"U222","ts":"1610241741.000200","channel":"C111","event_ts":"1610241741.000200"},"type":"event_callback","event_id":"{{eventId}}","event_time":1610241741},"type":"{{type}}","accepts_response_payload":false,"retry_attempt":{{retryAttempt}},"retry_reason":"{{(retryAttempt > 0 ? "timeout" : "")}}"}
        """;

    private Task Start(RecordingHandler handler, ISocketConnector? connector = null) =>
        Create(handler, connector).RunAsync(_stop.Token);

    private SlackSocketModeClient Create(RecordingHandler handler, ISocketConnector? connector = null, SlackOptions? options = null) =>
        new(
            Fakes.Slack.WebApi(_fake, options: options),
            connector ?? new ClientWebSocketConnector(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30)),
            new FixedDelays(5),
            handler,
            TimeProvider.System,
            _log);

    private async Task StopAsync(Task run)
    {
        await _stop.CancelAsync();
        await run.WaitAsync(Bound);
    }
}
