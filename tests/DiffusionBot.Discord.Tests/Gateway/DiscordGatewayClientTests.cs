using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Rest;
using DiffusionBot.Discord.Tests.Fakes;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>
/// The gateway client against the strict fake gateway, on virtual time shared by both: the client's heartbeats, backoff
/// and identify waits, and the fake's heartbeat deadline, send limit and session start limit all move only when the
/// test advances the clock. Split: <c>.Heartbeats.cs</c>, <c>.IdentifyBudget.cs</c>.
/// </summary>
public sealed partial class DiscordGatewayClientTests : IAsyncLifetime
{
    /// <summary>The heartbeat jitter every test's client draws.</summary>
    private const double Jitter = 0.5;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(FakeGateway.DiscordHeartbeatIntervalMs);

    private FakeDiscord _fake = null!;
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingHandler _handler = new();
    private readonly AwaitableLogger<DiscordGatewayClient> _logger = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _disposables = [];

    public async Task InitializeAsync()
    {
        _fake = await FakeDiscord.StartAsync();
        _fake.Gateway.Time = _time;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        await _fake.DisposeAsync();
        _disposables.ForEach(d => d.Dispose());
        _stop.Dispose();
    }

    [Fact]
    public async Task RunAsync_IdentifiesHeartbeatsAndDeliversReady_WhenDiscoveringTheUrl()
    {
        var (client, _) = Start(_fake.Options(discoverGateway: true));

        var connect = await _fake.Gateway.WaitForAsync("connect");
        var identify = await _fake.Gateway.WaitForAsync("identify");
        var ready = await _handler.WaitForAsync("READY");
        _time.Advance(Interval * Jitter);
        var first = await _fake.Gateway.WaitForAsync("heartbeat");
        await _logger.WaitForAsync(4017);
        _time.Advance(Interval);
        var second = await _fake.Gateway.WaitForAsync("heartbeat");

        Assert.Equal("/gateway?v=10&encoding=json", connect.PathAndQuery);
        Assert.Equal(FakeDiscord.Token, identify.Data.GetProperty("token").GetString());
        Assert.Equal(13825, identify.Data.GetProperty("intents").GetInt32());
        Assert.Equal("linux", identify.Data.GetProperty("properties").GetProperty("os").GetString());
        Assert.Equal("DiffusionBot", identify.Data.GetProperty("properties").GetProperty("browser").GetString());
        Assert.Equal(1, ready.Sequence);
        Assert.Equal(1, first.Data.GetInt64());
        Assert.Equal(1, second.Data.GetInt64());
        Assert.Equal("session-1", client.Session.SessionId);
        Assert.Equal(GatewayConnectionState.Ready, client.State);
        Assert.Contains(_fake.Rest.Requests, r => r.Path == "/gateway/bot" && r.Authorization == $"Bot {FakeDiscord.Token}");
    }

    [Fact]
    public async Task RunAsync_DeliversDispatchesWithNameSequenceAndData()
    {
        Start(_fake.Options());
        await _handler.WaitForAsync("READY");

        await _fake.Gateway.DispatchAsync("MESSAGE_CREATE", """{"id":"7","content":"hi"}""");
        var message = await _handler.WaitForAsync("MESSAGE_CREATE");

        Assert.Equal(2, message.Sequence);
        Assert.Equal("hi", message.Data.GetProperty("content").GetString());
    }

    [Fact]
    public async Task RunAsync_ResumesWithSessionAndSequence_AndReplayedEventsArriveOnce_WhenZombied()
    {
        var (client, _) = Start(_fake.Options());
        await _handler.WaitForAsync("READY");
        await _fake.Gateway.DispatchAsync("MESSAGE_CREATE", """{"id":"1"}""");
        await _handler.WaitForAsync("MESSAGE_CREATE");
        _fake.Gateway.StopAcking();
        _fake.Gateway.Lose("MESSAGE_CREATE", """{"id":"2"}""");

        _time.Advance(Interval * Jitter);
        await _fake.Gateway.WaitForAsync("heartbeat");
        _time.Advance(Interval);

        var reconnect = await _fake.Gateway.WaitForAsync("connect", e => e.Connection == 2);
        var resume = await _fake.Gateway.WaitForAsync("resume");
        await _handler.WaitForAsync("RESUMED");
        Assert.Equal("/resume?v=10&encoding=json", reconnect.PathAndQuery);
        Assert.Equal("session-1", resume.Data.GetProperty("session_id").GetString());
        Assert.Equal(2, resume.Data.GetProperty("seq").GetInt64());

        // RESUMED follows the replay on the same loop, so the replayed event is already in.
        Assert.Equal(["1", "2"], Messages());
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("zombie", StringComparison.Ordinal));
        Assert.Equal(4, client.Session.Sequence);
        Assert.Equal(1, _fake.Gateway.Identifies);
    }

    [Fact]
    public async Task RunAsync_ResumesOnTheResumeUrl_WhenToldToReconnect()
    {
        Start(_fake.Options());
        await _handler.WaitForAsync("READY");
        await _fake.Gateway.DispatchAsync("MESSAGE_CREATE", """{"id":"1"}""");

        await _fake.Gateway.SendRawAsync("""{"op":7,"d":null,"s":null,"t":null}""");

        var reconnect = await _fake.Gateway.WaitForAsync("connect", e => e.Connection == 2);
        var resume = await _fake.Gateway.WaitForAsync("resume");
        await _handler.WaitForAsync("RESUMED");
        Assert.Equal("/resume?v=10&encoding=json", reconnect.PathAndQuery);
        Assert.Equal(2, resume.Data.GetProperty("seq").GetInt64());
        Assert.Equal(["1"], Messages());
        Assert.Equal(1, _fake.Gateway.Identifies);
    }

    [Theory]
    [InlineData("op 7")]
    [InlineData("zombie")]
    [InlineData("close 4000")]
    public async Task RunAsync_HandsEventsTheRunsToken_SoTheirWorkOutlivesTheConnection_WhenItIsReplaced(string end)
    {
        Start(_fake.Options());
        await _handler.WaitForAsync("READY");
        await _fake.Gateway.DispatchAsync("INTERACTION_CREATE", """{"id":"1"}""");
        await _handler.WaitForAsync("INTERACTION_CREATE");

        switch (end)
        {
            case "op 7":
                await _fake.Gateway.SendRawAsync("""{"op":7,"d":null,"s":null,"t":null}""");
                break;
            case "zombie":
                _fake.Gateway.StopAcking();
                _time.Advance(Interval * Jitter);
                await _fake.Gateway.WaitForAsync("heartbeat");
                _time.Advance(Interval);
                break;
            default:
                await _fake.Gateway.CloseAsync(4000, "test");
                break;
        }

        await _handler.WaitForAsync("RESUMED");

        var interaction = _handler.All.ToList().FindIndex(d => d.EventName == "INTERACTION_CREATE");
        Assert.False(_handler.Tokens[interaction].IsCancellationRequested, "the connection's end cancelled the work its event started");
        await _stop.CancelAsync();
        Assert.True(_handler.Tokens[interaction].IsCancellationRequested, "the work did not stop with the host");
    }

    [Fact]
    public async Task RunAsync_Resumes_WhenTheSessionIsInvalidButResumable()
    {
        Start(_fake.Options());
        await _handler.WaitForAsync("READY");

        await _fake.Gateway.SendRawAsync("""{"op":9,"d":true,"s":null,"t":null}""");

        var resume = await _fake.Gateway.WaitForAsync("resume");
        await _handler.WaitForAsync("RESUMED");
        Assert.Equal("session-1", resume.Data.GetProperty("session_id").GetString());
    }

    [Fact]
    public async Task RunAsync_IdentifiesAfreshOnTheGatewayUrl_FiveSecondsAfterTheLastIdentify_WhenTheSessionIsInvalid()
    {
        var (client, _) = Start(_fake.Options());
        await _handler.WaitForAsync("READY");

        await _fake.Gateway.SendRawAsync("""{"op":9,"d":false,"s":null,"t":null}""");
        var wait = await _logger.WaitForAsync(4016);
        Assert.Equal(1, _fake.Gateway.Connections);
        _time.Advance(IdentifyBudget.ConcurrencyWindow);

        var reconnect = await _fake.Gateway.WaitForAsync("connect", e => e.Connection == 2);
        await _fake.Gateway.WaitForAsync("identify", e => e.Connection == 2);
        await _handler.WaitForAsync("READY");
        Assert.Contains("00:00:05", wait.Message, StringComparison.Ordinal);
        Assert.Equal("/gateway?v=10&encoding=json", reconnect.PathAndQuery);
        Assert.Equal("session-2", client.Session.SessionId);
        Assert.Equal(2, _fake.Gateway.Identifies);
        Assert.Empty(_fake.Gateway.Rejections);
    }

    [Theory]
    [InlineData(4000, "resume")]
    [InlineData(4009, "identify")]
    public async Task RunAsync_FollowsTheCloseCode_WhenItIsReconnectable(int code, string expected)
    {
        Start(_fake.Options());
        await _handler.WaitForAsync("READY");

        await _fake.Gateway.CloseAsync(code, "test");
        if (expected == "identify")
        {
            await _logger.WaitForAsync(4016);
            _time.Advance(IdentifyBudget.ConcurrencyWindow);
        }

        await _fake.Gateway.WaitForAsync(expected, e => e.Connection == 2);
    }

    [Fact]
    public async Task RunAsync_StopsAndNamesThePortalSetting_WhenAPrivilegedIntentIsNotEnabled()
    {
        var (_, run) = Start(_fake.Options(DiscordOptions.DefaultIntents | GatewayIntents.MessageContent));

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(4014, error.CloseCode);
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Critical && e.EventId == 4007
            && e.Message.Contains("4014", StringComparison.Ordinal)
            && e.Message.Contains("privileged intent not enabled in the developer portal", StringComparison.Ordinal));
        Assert.Equal(1, _fake.Gateway.Connections);
    }

    [Fact]
    public async Task RunAsync_StopsWithoutRetrying_WhenTheTokenIsWrong()
    {
        var (_, run) = Start(_fake.Options(token: "Zx9-secret-token"));

        // Discord refuses a wrong token on GET /gateway/bot (401) before any socket, or, where that answers, at Identify (4004).
        var error = await Assert.ThrowsAnyAsync<Exception>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.True(
            error is DiscordGatewayException { CloseCode: 4004 } or DiscordApiException { StatusCode: System.Net.HttpStatusCode.Unauthorized },
            error.ToString());
        Assert.True(_fake.Gateway.Connections <= 1);
        Assert.DoesNotContain(_logger.Entries, e => e.Message.Contains("Zx9-secret-token", StringComparison.Ordinal));
    }

    private List<string?> Messages() =>
        [.. _handler.All.Where(d => d.EventName == "MESSAGE_CREATE").Select(d => d.Data.GetProperty("id").GetString())];

    private (DiscordGatewayClient Client, Task Run) Start(DiscordOptions options)
    {
        var http = new HttpClient();
        _disposables.Add(http);

        // REST keeps real time: only the gateway's clock is under test here.
        var rest = new DiscordRestClient(http, Options.Create(options), TimeProvider.System, new ListLogger<DiscordRestClient>());
        var connection = new WebSocketGatewayConnection();
        var client = new DiscordGatewayClient(
            connection, rest, _handler, new ImmediateReconnectStrategy(), Options.Create(options), _time, _logger, new FixedRandom(Jitter));
        var run = client.RunAsync(_stop.Token);
        return (client, run);
    }
}
