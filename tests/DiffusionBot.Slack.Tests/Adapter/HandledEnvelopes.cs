using System.Collections.Concurrent;
using DiffusionBot.Slack.Mapping;
using DiffusionBot.Slack.SocketMode;
using Microsoft.Extensions.DependencyInjection;

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

    /// <summary>Puts the recorder in front of the bot's own envelope handler.</summary>
    public static void Install(IServiceCollection services)
    {
        services.AddSingleton<SlackEnvelopeHandler>();
        services.AddSingleton(sp => new HandledEnvelopes(sp.GetRequiredService<SlackEnvelopeHandler>()));
        services.AddSingleton<ISocketEnvelopeHandler>(sp => sp.GetRequiredService<HandledEnvelopes>());
    }
}
