using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Slack.SocketMode;

/// <summary>
/// One live Socket Mode connection: its receive pump, the acks it owes, and the signals the client waits on
/// (<see cref="Hello"/>, <see cref="DisconnectRequested"/>, <see cref="Completion"/>).
/// </summary>
internal sealed class SocketModeConnection : IAsyncDisposable
{
    private readonly ISocketConnection _socket;
    private readonly Action<SocketEnvelope, SocketModeConnection> _onEnvelope;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop;
    private readonly TaskCompletionSource<Hello> _hello = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<Disconnect> _disconnect = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task<Exception?> _completion;
    private int _disposed;

    /// <summary>Starts receiving at once; envelopes are acked on this socket, then passed to <paramref name="onEnvelope"/>.</summary>
    public SocketModeConnection(
        int id,
        ISocketConnection socket,
        Action<SocketEnvelope, SocketModeConnection> onEnvelope,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        Id = id;
        _socket = socket;
        _onEnvelope = onEnvelope;
        _logger = logger;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        _completion = Task.Run(() => PumpAsync(_stop.Token), CancellationToken.None);
    }

    /// <summary>A number that tells this connection apart in logs.</summary>
    public int Id { get; }

    /// <summary>Completes when Slack's <c>hello</c> arrives.</summary>
    public Task<Hello> Hello => _hello.Task;

    /// <summary>Completes when Slack announces a disconnect; the pump keeps receiving until the socket closes.</summary>
    public Task<Disconnect> DisconnectRequested => _disconnect.Task;

    /// <summary>Completes when the socket is gone: null after a close, the error when it failed (a dead socket included). Never faults.</summary>
    public Task<Exception?> Completion => _completion;

    /// <summary>Closes the socket: a normal close first, then an abort if the peer does not answer within <paramref name="timeout"/>.</summary>
    public async ValueTask CloseAsync(TimeSpan timeout, TimeProvider time)
    {
        try
        {
            using var closing = new CancellationTokenSource(timeout, time);
            await _socket.CloseAsync(closing.Token).ConfigureAwait(false);
            await _completion.WaitAsync(timeout, time).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is OperationCanceledException or TimeoutException or System.Net.WebSockets.WebSocketException or ObjectDisposedException)
        {
            _logger.SocketCloseUnclean(Id, exception.GetType().Name);
        }

        await DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        await _completion.ConfigureAwait(false);
        await _socket.DisposeAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task<Exception?> PumpAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var text = await _socket.ReceiveAsync(cancellationToken).ConfigureAwait(false);
                if (text is null)
                {
                    return null;
                }

                await OnMessageAsync(text, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception exception)
        {
            return exception;
        }
    }

    private async ValueTask OnMessageAsync(string text, CancellationToken cancellationToken)
    {
        SocketFrame? frame;
        try
        {
            frame = JsonSerializer.Deserialize(text, SlackJsonContext.Default.SocketFrame);
        }
        catch (JsonException exception)
        {
            _logger.SocketMessageMalformed(exception, Id);
            return;
        }

        if (frame?.EnvelopeId is not null)
        {
            await OnEnvelopeAsync(text, cancellationToken).ConfigureAwait(false);
            return;
        }

        switch (frame?.Type)
        {
            case "hello":
                var hello = JsonSerializer.Deserialize(text, SlackJsonContext.Default.Hello) ?? new Hello();
                _logger.SocketHello(Id, hello.NumConnections, hello.DebugInfo?.ApproximateConnectionTime);
                _hello.TrySetResult(hello);
                break;
            case "disconnect":
                var disconnect = JsonSerializer.Deserialize(text, SlackJsonContext.Default.Disconnect) ?? new Disconnect();
                _logger.SocketDisconnectAnnounced(Id, disconnect.Reason ?? "");
                _disconnect.TrySetResult(disconnect);
                break;
            default:
                _logger.SocketMessageIgnored(Id, frame?.Type ?? "");
                break;
        }
    }

    private async ValueTask OnEnvelopeAsync(string text, CancellationToken cancellationToken)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = Chat.Telemetry.BotTracing.Source.StartActivity("slack.envelope", System.Diagnostics.ActivityKind.Consumer);
        SocketEnvelope? envelope;
        try
        {
            envelope = JsonSerializer.Deserialize(text, SlackJsonContext.Default.SocketEnvelope);
        }
        catch (JsonException exception)
        {
            _logger.SocketMessageMalformed(exception, Id);
            return;
        }

        if (envelope is null)
        {
            return;
        }

        // The ack goes first, on the socket that received the envelope, before any other work: Slack expects it within 3 s,
        // and a duplicate must be acked too, or Slack keeps redelivering it.
        var ack = JsonSerializer.Serialize(new SocketAck { EnvelopeId = envelope.EnvelopeId }, SlackJsonContext.Default.SocketAck);
        await _socket.SendAsync(ack, cancellationToken).ConfigureAwait(false);
        Chat.Telemetry.BotMetrics.RecordAck("Slack", arrived);

        _onEnvelope(envelope, this);
    }
}
