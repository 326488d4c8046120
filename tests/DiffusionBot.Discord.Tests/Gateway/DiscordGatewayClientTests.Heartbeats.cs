using System.Text.Json;
using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Tests.Fakes;

namespace DiffusionBot.Discord.Tests.Gateway;

/// <summary>Heartbeats as Discord checks them: <c>d</c> always present, the jittered first beat, the cadence, the send limit.</summary>
public sealed partial class DiscordGatewayClientTests
{
    [Fact]
    public async Task RunAsync_SendsHeartbeatsWithNullD_BeforeReady()
    {
        var ready = new TaskCompletionSource();
        _fake.Gateway.ReadyGate = ready;
        Start(_fake.Options());
        await _fake.Gateway.WaitForAsync("identify");

        _time.Advance(Interval * Jitter);
        var beforeReady = await _fake.Gateway.WaitForAsync("heartbeat");
        ready.SetResult();
        await _handler.WaitForAsync("READY");
        await _logger.WaitForAsync(4017);
        _time.Advance(Interval);
        var afterReady = await _fake.Gateway.WaitForAsync("heartbeat");

        Assert.Equal(JsonValueKind.Null, beforeReady.Data.ValueKind);
        Assert.Equal(1, afterReady.Data.GetInt64());
        Assert.Empty(_fake.Gateway.Rejections);
    }

    [Fact]
    public async Task RunAsync_AnswersAHeartbeatRequestAtOnce()
    {
        Start(_fake.Options());
        await _handler.WaitForAsync("READY");

        await _fake.Gateway.SendRawAsync("""{"op":1,"d":null,"s":null,"t":null}""");

        var beat = await _fake.Gateway.WaitForAsync("heartbeat");
        Assert.Equal(1, beat.Data.GetInt64());
    }

    [Fact]
    public async Task RunAsync_BeatsAfterIntervalTimesJitterThenEveryInterval_SoDiscordKeepsTheConnection()
    {
        Start(_fake.Options());
        await _fake.Gateway.WaitForAsync("identify");
        var hello = _time.GetUtcNow();
        var beats = new List<DateTimeOffset>();

        _time.Advance(Interval * Jitter);
        beats.Add((await _fake.Gateway.WaitForAsync("heartbeat")).At);
        for (var i = 1; i < 5; i++)
        {
            await _logger.WaitForAsync(4017, i);
            _time.Advance(Interval);
            beats.Add((await _fake.Gateway.WaitForAsync("heartbeat")).At);
        }

        Assert.Equal(
            [.. Enumerable.Range(0, 5).Select(i => hello + (Interval * Jitter) + (Interval * i))],
            beats);
        Assert.Empty(_fake.Gateway.Rejections);
        Assert.Equal(1, _fake.Gateway.Connections);
    }

    [Fact]
    public async Task RunAsync_SkipsRequestedHeartbeatsButNotTheScheduledOne_WhenTheSendLimitIsNear()
    {
        Start(_fake.Options());
        await _handler.WaitForAsync("READY");

        // Identify was one send; each request below is answered before the next is made, up to the reserve.
        var answered = FakeGateway.SendLimit - DiscordGatewayClient.HeartbeatReserve - 1;
        for (var i = 0; i < answered; i++)
        {
            await _fake.Gateway.SendRawAsync("""{"op":1,"d":null,"s":null,"t":null}""");
            await _fake.Gateway.WaitForAsync("heartbeat");
        }

        await _fake.Gateway.SendRawAsync("""{"op":1,"d":null,"s":null,"t":null}""");
        await _logger.WaitForAsync(4018);
        await _fake.Gateway.DispatchAsync("MESSAGE_CREATE", """{"id":"after-the-limit"}""");
        var message = await _handler.WaitForAsync("MESSAGE_CREATE");
        await _logger.WaitForAsync(4017, answered);
        _time.Advance(Interval);
        var scheduled = await _fake.Gateway.WaitForAsync("heartbeat");

        Assert.Equal("after-the-limit", message.Data.GetProperty("id").GetString());
        Assert.Equal(_time.GetUtcNow(), scheduled.At);
        Assert.Empty(_fake.Gateway.Rejections);
        Assert.Equal(1, _fake.Gateway.Connections);
    }
}
