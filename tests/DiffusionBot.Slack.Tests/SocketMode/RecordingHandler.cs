using System.Collections.Concurrent;
using DiffusionBot.Slack.SocketMode;

namespace DiffusionBot.Slack.Tests.SocketMode;

/// <summary>Records every envelope it is given; optionally holds each one until <see cref="Release"/>.</summary>
internal sealed class RecordingHandler(bool hold = false) : ISocketEnvelopeHandler
{
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<SocketEnvelope> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly TaskCompletionSource<string> _firstFinished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<SocketEnvelope> Started { get; } = new();

    public ConcurrentQueue<string> Finished { get; } = new();

    public Task<SocketEnvelope> FirstStarted => _first.Task;

    public Task<string> FirstFinished => _firstFinished.Task;

    public void Release() => _gate.TrySetResult();

    public async ValueTask HandleAsync(SocketEnvelope envelope, CancellationToken cancellationToken)
    {
        Started.Enqueue(envelope);
        _first.TrySetResult(envelope);
        if (hold)
        {
            await _gate.Task.WaitAsync(cancellationToken);
        }

        Finished.Enqueue(envelope.EnvelopeId);
        _firstFinished.TrySetResult(envelope.EnvelopeId);
    }
}
