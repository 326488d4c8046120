using System.Collections.Concurrent;
using DiffusionBot.Slack.SocketMode;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>
/// Wraps the bot's envelope handler and records each envelope whose handling has returned, so a test can wait for
/// the bot to be done with a delivery before it asserts that the delivery started nothing.
/// </summary>
internal sealed class HandledEnvelopes(ISocketEnvelopeHandler inner) : ISocketEnvelopeHandler
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _done = new();

    public async ValueTask HandleAsync(SocketEnvelope envelope, CancellationToken cancellationToken)
    {
        try
        {
            await inner.HandleAsync(envelope, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Signal(envelope.EnvelopeId).TrySetResult();
        }
    }

    /// <summary>Completes once the envelope <paramref name="envelopeId"/> has been handled (whatever the outcome).</summary>
    public Task HandledAsync(string envelopeId) => Signal(envelopeId).Task.WaitAsync(TimeSpan.FromSeconds(45));

    private TaskCompletionSource Signal(string envelopeId) =>
        _done.GetOrAdd(envelopeId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
