using DiffusionBot.Chat.Jobs;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>The lane that keeps the dispatcher's blocking database work off the thread pool.</summary>
public sealed class DispatchLaneTests : IDisposable
{
    private static readonly AsyncLocal<string?> Caller = new();

    private readonly DispatchLane _lane = new(1);

    [Fact]
    public async Task RunAsync_RunsTheWorkOffTheThreadPool_WithTheCallersExecutionContext()
    {
        Caller.Value = "the caller";

        var (onPool, seen, name) = await _lane.RunAsync(() => (Thread.CurrentThread.IsThreadPoolThread, Caller.Value, Thread.CurrentThread.Name), CancellationToken.None);

        Assert.False(onPool);
        Assert.Equal("the caller", seen);
        Assert.Equal("dispatch-lane-0", name);
    }

    [Fact]
    public async Task RunAsync_PassesOnTheWorksException()
    {
        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => _lane.RunAsync<int>(() => throw new InvalidOperationException("database busy"), CancellationToken.None));

        Assert.Equal("database busy", thrown.Message);
    }

    [Fact]
    public async Task RunAsync_SkipsWorkWhoseCallerGaveUpBeforeItsTurn_AndLeavesThePoolFreeWhileTheLaneIsBlocked()
    {
        using var release = new ManualResetEventSlim();
        using var started = new ManualResetEventSlim();
        var blocked = _lane.RunAsync(
            () =>
            {
                started.Set();
                release.Wait();
                return 1;
            },
            CancellationToken.None);
        started.Wait();
        using var giveUp = new CancellationTokenSource();
        var ran = false;
        var waiting = _lane.RunAsync(() => ran = true, giveUp.Token);

        // The one lane thread is blocked, yet work on the pool still runs.
        Assert.Equal(42, await Task.Run(() => 42));
        await giveUp.CancelAsync();
        release.Set();

        Assert.Equal(1, await blocked);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        Assert.False(ran);
    }

    public void Dispose() => _lane.Dispose();
}
