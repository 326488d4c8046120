using DiffusionBot.Discord.Gateway;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Discord.Tests.Gateway;

public sealed class HeartbeatTests
{
    private readonly ObservedTimeProvider _time = new();
    private readonly SemaphoreSlim _beat = new(0);
    private Heartbeat? _heartbeat;
    private int _beats;
    private int _acks;

    [Fact]
    public async Task RunAsync_FirstBeatsAfterIntervalTimesJitter()
    {
        _heartbeat = new Heartbeat(TimeSpan.FromSeconds(10), 0.25, Beat, _time);
        _ = _heartbeat.RunAsync(CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(2));
        await Until.TrueAsync(() => _time.Parked() || Volatile.Read(ref _beats) > 0, "the heartbeat waits on the clock or beat");
        Assert.Equal(0, Volatile.Read(ref _beats));

        _time.Advance(TimeSpan.FromSeconds(0.5));
        Assert.True(await _beat.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task RunAsync_ReportsAZombie_AtTheFirstBeatWhoseAckIsMissing()
    {
        _acks = 2;
        _heartbeat = new Heartbeat(TimeSpan.FromSeconds(10), 0.5, Beat, _time);
        var run = _heartbeat.RunAsync(CancellationToken.None);

        for (var i = 0; i < 1000 && !run.IsCompleted; i++)
        {
            await Until.TrueAsync(() => run.IsCompleted || _time.Parked(), "the heartbeat waits on the clock or ended");
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, _beats);
    }

    [Fact]
    public async Task RunAsync_BeatsAtOnceWithoutTheZombieCheck_WhenRequested_ThenCountsTheIntervalFromThere()
    {
        _heartbeat = new Heartbeat(TimeSpan.FromSeconds(10), 0.5, Beat, _time);
        var run = _heartbeat.RunAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(await _beat.WaitAsync(TimeSpan.FromSeconds(10)));

        // The first beat is unacknowledged, yet a request is answered: only a scheduled beat checks the ACK.
        _heartbeat.Request();
        Assert.True(await _beat.WaitAsync(TimeSpan.FromSeconds(10)));
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.True(await run.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, _beats);
    }

    [Fact]
    public async Task RunAsync_ReturnsFalse_WhenCancelled()
    {
        using var cts = new CancellationTokenSource();
        var run = new Heartbeat(TimeSpan.FromSeconds(10), 0.5, Beat, _time).RunAsync(cts.Token);

        await cts.CancelAsync();

        Assert.False(await run.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    /// <summary>ACKs the first <see cref="_acks"/> beats, as a live server would, then goes silent.</summary>
    private ValueTask Beat(CancellationToken cancellationToken)
    {
        if (++_beats <= _acks)
        {
            _heartbeat!.Acknowledge();
        }

        _beat.Release();
        return ValueTask.CompletedTask;
    }
}
