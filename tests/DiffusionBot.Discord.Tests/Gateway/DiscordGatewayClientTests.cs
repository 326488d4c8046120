using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Rest;
using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Discord.Tests.Gateway;

public sealed class DiscordGatewayClientTests : IAsyncLifetime
{
    private FakeDiscord _fake = null!;
    private readonly RecordingHandler _handler = new();
    private readonly ListLogger<DiscordGatewayClient> _logger = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<IDisposable> _disposables = [];

    public async Task InitializeAsync() => _fake = await FakeDiscord.StartAsync();

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
        _fake.Gateway.HeartbeatIntervalMs = 1000;
        var (client, _) = Start(_fake.Options(discoverGateway: true));

        var connect = await _fake.Gateway.WaitForAsync("connect");
        var identify = await _fake.Gateway.WaitForAsync("identify");
        var ready = await _handler.WaitForAsync("READY");
        var first = await _fake.Gateway.WaitForAsync("heartbeat");
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
    public async Task RunAsync_AnswersAHeartbeatRequestAtOnce()
    {
        _fake.Gateway.HeartbeatIntervalMs = 60_000;
        Start(_fake.Options());
        await _handler.WaitForAsync("READY");

        await _fake.Gateway.SendRawAsync("""{"op":1,"d":null,"s":null,"t":null}""");

        var beat = await _fake.Gateway.WaitForAsync("heartbeat");
        Assert.Equal(1, beat.Data.GetInt64());
    }

    [Fact]
    public async Task RunAsync_ResumesWithSessionAndSequence_AndReplayedEventsArriveOnce_WhenZombied()
    {
        // Long enough that a loaded 2-core machine never misses an ACK before the test stops acking on purpose.
        _fake.Gateway.HeartbeatIntervalMs = 1500;
        var (client, _) = Start(_fake.Options());
        await _handler.WaitForAsync("READY");
        await _fake.Gateway.DispatchAsync("MESSAGE_CREATE", """{"id":"1"}""");
        await _handler.WaitForAsync("MESSAGE_CREATE");

        _fake.Gateway.HeartbeatIntervalMs = 5000;
        _fake.Gateway.StopAcking();
        _fake.Gateway.Lose("MESSAGE_CREATE", """{"id":"2"}""");

        var reconnect = await _fake.Gateway.WaitForAsync("connect", e => e.Connection == 2);
        var resume = await _fake.Gateway.WaitForAsync("resume");
        await _handler.WaitForAsync("RESUMED");

        Assert.Equal("/resume?v=10&encoding=json", reconnect.PathAndQuery);
        Assert.Equal("session-1", resume.Data.GetProperty("session_id").GetString());
        Assert.Equal(2, resume.Data.GetProperty("seq").GetInt64());

        // The replayed event is handed to the handler on its own task; give it a moment to arrive.
        for (var i = 0; i < 200 && Messages().Count < 2; i++)
        {
            await Task.Delay(10);
        }

        Assert.Equal(["1", "2"], Messages());
        Assert.Contains(_logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("zombie", StringComparison.Ordinal));
        Assert.Equal(4, client.Session.Sequence);
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
    public async Task RunAsync_IdentifiesAfreshOnTheGatewayUrl_WhenTheSessionIsInvalid()
    {
        var (client, _) = Start(_fake.Options());
        await _handler.WaitForAsync("READY");

        await _fake.Gateway.SendRawAsync("""{"op":9,"d":false,"s":null,"t":null}""");

        var reconnect = await _fake.Gateway.WaitForAsync("connect", e => e.Connection == 2);
        await _fake.Gateway.WaitForAsync("identify", e => e.Connection == 2);
        await _handler.WaitForAsync("READY");
        Assert.Equal("/gateway?v=10&encoding=json", reconnect.PathAndQuery);
        Assert.Equal("session-2", client.Session.SessionId);
    }

    [Theory]
    [InlineData(4000, "resume")]
    [InlineData(4009, "identify")]
    public async Task RunAsync_FollowsTheCloseCode_WhenItIsReconnectable(int code, string expected)
    {
        Start(_fake.Options());
        await _handler.WaitForAsync("READY");

        await _fake.Gateway.CloseAsync(code, "test");

        await _fake.Gateway.WaitForAsync(expected, e => e.Connection == 2);
    }

    [Fact]
    public async Task RunAsync_StopsAndNamesThePortalSetting_WhenAPrivilegedIntentIsNotEnabled()
    {
        // No heartbeat (its first one is jittered, possibly to ~0 ms) races the close this test is about.
        _fake.Gateway.HeartbeatIntervalMs = 60_000;
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
        // No heartbeat (its first one is jittered, possibly to ~0 ms) races the close this test is about.
        _fake.Gateway.HeartbeatIntervalMs = 60_000;
        var (_, run) = Start(_fake.Options(token: "Zx9-secret-token"));

        var error = await Assert.ThrowsAsync<DiscordGatewayException>(() => run.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(4004, error.CloseCode);
        Assert.DoesNotContain(_logger.Entries, e => e.Message.Contains("Zx9-secret-token", StringComparison.Ordinal));
    }

    private List<string?> Messages() =>
        [.. _handler.All.Where(d => d.EventName == "MESSAGE_CREATE").Select(d => d.Data.GetProperty("id").GetString())];

    private (DiscordGatewayClient Client, Task Run) Start(DiscordOptions options)
    {
        var http = new HttpClient();
        _disposables.Add(http);
        var rest = new DiscordRestClient(http, Options.Create(options), TimeProvider.System, new ListLogger<DiscordRestClient>());
        var connection = new WebSocketGatewayConnection();
        var client = new DiscordGatewayClient(
            connection, rest, _handler, new ImmediateReconnectStrategy(), Options.Create(options), TimeProvider.System, _logger);
        var run = client.RunAsync(_stop.Token);
        return (client, run);
    }
}
