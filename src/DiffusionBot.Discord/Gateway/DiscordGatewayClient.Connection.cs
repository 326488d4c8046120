using System.Text.Json;
using DiffusionBot.Discord.Wire;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Gateway;

/// <summary>One connection: Hello, Identify or Resume, the heartbeat, and the receive loop.</summary>
internal sealed partial class DiscordGatewayClient
{
    private static readonly IdentifyProperties Properties = new(
        OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "macos" : "linux", "DiffusionBot", "DiffusionBot");

    private async Task<ConnectionOutcome> RunConnectionAsync(Uri url, bool resume, CancellationToken cancellationToken)
    {
        State = GatewayConnectionState.Connecting;
        await _connection.ConnectAsync(url, cancellationToken).ConfigureAwait(false);

        using var connectionCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sendLimiter = new SlidingWindowLimiter(SendLimit, SendWindow, _time);
        Heartbeat? heartbeat = null;
        Task<bool>? heartbeatTask = null;
        var healthy = false;
        var outcome = new ConnectionOutcome(ReconnectAction.Resume, false, null, null);
        try
        {
            while (true)
            {
                GatewayFrame frame;
                try
                {
                    frame = await _connection.ReceiveAsync(connectionCts.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    _logger.GatewayZombie();
                    return outcome = new ConnectionOutcome(ReconnectAction.Resume, healthy, null, "zombie");
                }

                if (frame.IsClose)
                {
                    var (action, cause) = GatewayCloseCodes.Classify(frame.CloseStatus);
                    if (action != ReconnectAction.Fatal)
                    {
                        _logger.GatewayClosed(frame.CloseStatus, frame.CloseDescription, action.ToString());
                    }

                    return outcome = new ConnectionOutcome(action, healthy, frame.CloseStatus, cause);
                }

                if (Parse(frame) is not { } payload)
                {
                    continue;
                }

                switch ((GatewayOpCode)payload.Op)
                {
                    case GatewayOpCode.Hello:
                        var hello = payload.D.Deserialize(DiscordJsonContext.Default.HelloData) ?? throw new JsonException("Hello without data.");
                        heartbeat = new Heartbeat(TimeSpan.FromMilliseconds(hello.HeartbeatInterval), _random.NextDouble(), ct => BeatAsync(sendLimiter, ct), _time);
                        heartbeatTask = WatchHeartbeatAsync(heartbeat, connectionCts);
                        if (resume)
                        {
                            await SendResumeAsync(sendLimiter, connectionCts.Token).ConfigureAwait(false);
                        }
                        else
                        {
                            await SendIdentifyAsync(sendLimiter, connectionCts.Token).ConfigureAwait(false);
                            _identifyBudget.Identified();
                        }

                        break;
                    case GatewayOpCode.HeartbeatAck:
                        heartbeat?.Acknowledge();
                        _logger.GatewayHeartbeatAcknowledged();
                        break;
                    case GatewayOpCode.Heartbeat:
                        // Answered from the heartbeat loop, so a wait for the send limit never stalls this one.
                        if (sendLimiter.Available() <= HeartbeatReserve)
                        {
                            _logger.GatewayHeartbeatRequestSkipped(SendLimit, SendWindow);
                        }
                        else if (heartbeat is null)
                        {
                            await BeatAsync(sendLimiter, connectionCts.Token).ConfigureAwait(false);
                        }
                        else
                        {
                            heartbeat.Request();
                        }

                        break;
                    case GatewayOpCode.Reconnect:
                        _logger.GatewayReconnectRequested();
                        return outcome = new ConnectionOutcome(ReconnectAction.Resume, healthy, null, "op 7", TimeSpan.Zero);
                    case GatewayOpCode.InvalidSession:
                        var resumable = payload.D.ValueKind == JsonValueKind.True;
                        _logger.GatewayInvalidSession(resumable);
                        return outcome = resumable
                            ? new ConnectionOutcome(ReconnectAction.Resume, healthy, null, "op 9")
                            : new ConnectionOutcome(ReconnectAction.Reidentify, healthy, null, "op 9", _reconnect.GetInvalidSessionDelay());
                    case GatewayOpCode.Dispatch:
                        // The handler gets the host's token, not this connection's: work an event started (an
                        // acknowledged command on its way to the dispatcher) outlives op 7, a resume or a zombie.
                        healthy |= await DispatchAsync(payload, cancellationToken).ConfigureAwait(false);
                        break;
                    default:
                        _logger.GatewayUnknownOpcode(payload.Op);
                        break;
                }
            }
        }
        finally
        {
            await connectionCts.CancelAsync().ConfigureAwait(false);
            if (heartbeatTask is not null)
            {
                await heartbeatTask.ConfigureAwait(false);
            }

            if (outcome.CloseCode is null)
            {
                // Not 1000/1001: the session stays resumable. A re-identify does not need it, and that is fine too.
                using var closeCts = new CancellationTokenSource(TimeSpan.FromSeconds(1), _time);
                await _connection.CloseAsync(GatewayCloseCodes.ClientResume, "reconnecting", closeCts.Token).ConfigureAwait(false);
            }

            State = GatewayConnectionState.Disconnected;
        }
    }

    /// <summary>The frame's envelope; null (and a warning) for a frame that is not one, which is skipped.</summary>
    private GatewayPayload? Parse(GatewayFrame frame)
    {
        try
        {
            return JsonSerializer.Deserialize(frame.Message.Span, DiscordJsonContext.Default.GatewayPayload)
                ?? throw new JsonException("The frame is JSON null.");
        }
        catch (JsonException ex)
        {
            // The text may hold an interaction token: only its length and the parser's position are logged.
            _logger.GatewayMalformedFrame(frame.Message.Length, ex.Message);
            return null;
        }
    }

    /// <summary>Runs the heartbeat; a zombie cancels the receive loop, which then reconnects to resume.</summary>
    private static async Task<bool> WatchHeartbeatAsync(Heartbeat heartbeat, CancellationTokenSource connection)
    {
        var zombie = await heartbeat.RunAsync(connection.Token).ConfigureAwait(false);
        if (zombie)
        {
            await connection.CancelAsync().ConfigureAwait(false);
        }

        return zombie;
    }

    /// <summary>Tracks the sequence, starts or resumes the session, and hands the event on. True once READY or RESUMED arrived.</summary>
    private async ValueTask<bool> DispatchAsync(GatewayPayload payload, CancellationToken cancellationToken)
    {
        if (payload.S is { } sequence)
        {
            Session.Observe(sequence);
        }

        var ready = false;
        var name = payload.T ?? "";
        if (name == "READY")
        {
            var data = payload.D.Deserialize(DiscordJsonContext.Default.ReadyData) ?? throw new JsonException("READY without data.");
            Session.Start(data.SessionId, data.ResumeGatewayUrl);
            State = GatewayConnectionState.Ready;
            _logger.GatewayReady(data.User.Id);
            ready = true;
        }
        else if (name == "RESUMED")
        {
            State = GatewayConnectionState.Ready;
            _logger.GatewayResumed(Session.Sequence);
            ready = true;
        }

        try
        {
            await _handler.HandleAsync(new GatewayDispatch(name, payload.S, payload.D), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.GatewayDispatchFailed(ex, name);
        }

        return ready;
    }

    private ValueTask SendIdentifyAsync(SlidingWindowLimiter limiter, CancellationToken cancellationToken)
    {
        State = GatewayConnectionState.Identifying;
        var payload = new GatewaySendPayload<IdentifyData>((int)GatewayOpCode.Identify, new IdentifyData(_options.Token, (int)_options.Intents, Properties));
        return SendAsync(limiter, JsonSerializer.SerializeToUtf8Bytes(payload, DiscordJsonContext.Default.GatewaySendPayloadIdentifyData), cancellationToken);
    }

    private ValueTask SendResumeAsync(SlidingWindowLimiter limiter, CancellationToken cancellationToken)
    {
        State = GatewayConnectionState.Resuming;
        var data = new ResumeData(_options.Token, Session.SessionId ?? "", Session.Sequence);
        var payload = new GatewaySendPayload<ResumeData>((int)GatewayOpCode.Resume, data);
        return SendAsync(limiter, JsonSerializer.SerializeToUtf8Bytes(payload, DiscordJsonContext.Default.GatewaySendPayloadResumeData), cancellationToken);
    }

    /// <summary>op 1 with the last sequence; a failed send is left to the receive loop, which sees the drop.</summary>
    private async ValueTask BeatAsync(SlidingWindowLimiter limiter, CancellationToken cancellationToken)
    {
        var payload = new GatewaySendPayload<long?>((int)GatewayOpCode.Heartbeat, Session.Sequence);
        try
        {
            await SendAsync(limiter, JsonSerializer.SerializeToUtf8Bytes(payload, DiscordJsonContext.Default.GatewaySendPayloadNullableInt64), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
            // The receive loop reports the broken connection.
        }
    }

    private async ValueTask SendAsync(SlidingWindowLimiter limiter, byte[] message, CancellationToken cancellationToken)
    {
        await limiter.AcquireAsync(wait => _logger.GatewaySendThrottled(wait), cancellationToken).ConfigureAwait(false);
        await _connection.SendAsync(message, cancellationToken).ConfigureAwait(false);
    }
}
