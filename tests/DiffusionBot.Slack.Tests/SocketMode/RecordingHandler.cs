using System.Collections.Concurrent;
using DiffusionBot.Slack.SocketMode;

namespace DiffusionBot.Slack.Tests.SocketMode;

/// <summary>Records every envelope it is given; optionally holds each one until <see cref="Release"/>.</summary>
internal sealed class RecordingHandler(bool hold = false) : ISocketEnvelopeHandler
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SocketEnvelope> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource<string> _firstFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly SemaphoreSlim _started = new(0);

    public ConcurrentQueue<SocketEnvelope> Started { get; } = new();

    /// <summary>Completes once <paramref name="count"/> envelopes have reached the handler; fails after <paramref name="bound"/>.</summary>
    public async Task WhenStartedAsync(int count, TimeSpan bound)
    {
        while (Started.Count < count)
        {
            Assert.True(await _started.WaitAsync(bound), $"only {Started.Count} of {count} envelopes reached the handler");
        }
    }

    public ConcurrentQueue<string> Finished { get; } = new();

    public Task<SocketEnvelope> FirstStarted => _first.Task;

    public Task<string> FirstFinished => _firstFinished.Task;

    public void Release() => _gate.TrySetResult();

    public async ValueTask HandleAsync(SocketEnvelope envelope, CancellationToken cancellationToken)
    {
        Started.Enqueue(envelope);
        _started.Release();
        _first.TrySetResult(envelope);
        if (hold)
        {
            await _gate.Task.WaitAsync(cancellationToken);
        }

        Finished.Enqueue(envelope.EnvelopeId);
        _firstFinished.TrySetResult(envelope.EnvelopeId);
    }
}
