using System.Collections.Concurrent;
using DiffusionBot.Slack.Hosting;
using DiffusionBot.Slack.WebApi;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Slack.SocketMode;

/// <summary>
/// Keeps one Socket Mode connection alive: a fresh URL from <c>apps.connections.open</c> on every connect, an ack for every
/// envelope on the socket that received it, each envelope handed to the handler once, a new socket opened before a
/// refreshed one is dropped, and backoff between failed attempts.
/// </summary>
internal sealed class SlackSocketModeClient(
    SlackWebApiClient api,
    ISocketConnector connector,
    IReconnectStrategy reconnectStrategy,
    ISocketEnvelopeHandler handler,
    TimeProvider time,
    ILogger<SlackSocketModeClient> logger,
    SocketModeStatus? status = null)
{
    /// <summary>How long Slack may take to say <c>hello</c> on a new socket before the attempt counts as failed.</summary>
    public static readonly TimeSpan DefaultHelloTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a closing socket may wait for the peer's close frame before it is aborted.</summary>
    public static readonly TimeSpan DefaultCloseTimeout = TimeSpan.FromSeconds(2);

    private readonly RecentIds _envelopeIds = new(RecentIds.DefaultCapacity);
    private readonly RecentIds _eventIds = new(RecentIds.DefaultCapacity);
    private readonly ConcurrentDictionary<Task, byte> _handlers = new();
    private int _connectionCount;
    private CancellationToken _stopping;

    public TimeSpan HelloTimeout { get; init; } = DefaultHelloTimeout;

    public TimeSpan CloseTimeout { get; init; } = DefaultCloseTimeout;

    /// <summary>
    /// Connects and keeps connected until <paramref name="cancellationToken"/> fires, Slack disables Socket Mode for the app,
    /// or the reconnect strategy runs out of delays. A final Web API error (a bad app token) is thrown: it is misconfiguration.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _stopping = cancellationToken;
        var delays = reconnectStrategy.GetDelays().GetEnumerator();
        SocketModeConnection? active = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (active is null)
                {
                    active = await TryOpenAsync(cancellationToken).ConfigureAwait(false);
                    if (active is null)
                    {
                        if (!await WaitBeforeRetryAsync(delays, cancellationToken).ConfigureAwait(false))
                        {
                            return;
                        }

                        continue;
                    }

                    delays.Dispose();
                    delays = reconnectStrategy.GetDelays().GetEnumerator();
                    status?.Connected();
                }

                await Task.WhenAny(active.DisconnectRequested, active.Completion).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (!active.DisconnectRequested.IsCompleted)
                {
                    var error = await active.Completion.ConfigureAwait(false);
                    logger.SocketLost(error, active.Id);
                    status?.Disconnected("the socket dropped; reconnecting");
                    await active.DisposeAsync().ConfigureAwait(false);
                    active = null;
                    if (!await WaitBeforeRetryAsync(delays, cancellationToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    continue;
                }

                var disconnect = await active.DisconnectRequested.ConfigureAwait(false);
                switch (disconnect.Kind)
                {
                    case DisconnectReason.SocketModeDisabled:
                    case DisconnectReason.LinkDisabled:
                        logger.SocketModeDisabled(disconnect.Reason ?? "");
                        status?.Disconnected("Slack disabled Socket Mode for the app");
                        return;
                    case DisconnectReason.TooManyWebsockets:
                        logger.TooManyWebsockets(active.Id, disconnect.NumConnections);
                        status?.Disconnected("Slack refused another socket; reconnecting");
                        await active.CloseAsync(CloseTimeout, time).ConfigureAwait(false);
                        active = null;
                        if (!await WaitBeforeRetryAsync(delays, cancellationToken).ConfigureAwait(false))
                        {
                            return;
                        }

                        break;
                    default:
                        // Refresh: open the new socket while the old one still receives, then drop the old one.
                        var next = await TryOpenAsync(cancellationToken).ConfigureAwait(false);
                        await active.CloseAsync(CloseTimeout, time).ConfigureAwait(false);
                        active = next;
                        if (next is not null)
                        {
                            logger.SocketRefreshed(next.Id);
                        }
                        else
                        {
                            status?.Disconnected("the socket could not be refreshed; reconnecting");
                            if (!await WaitBeforeRetryAsync(delays, cancellationToken).ConfigureAwait(false))
                            {
                                return;
                            }
                        }

                        break;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            status?.Stopped();
            delays.Dispose();
            if (active is not null)
            {
                await active.CloseAsync(CloseTimeout, time).ConfigureAwait(false);
            }

            await Task.WhenAll(_handlers.Keys).ConfigureAwait(false);
        }
    }

    /// <summary>Opens one connection and waits for its hello; null when the attempt failed for a reason worth retrying.</summary>
    private async Task<SocketModeConnection?> TryOpenAsync(CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _connectionCount);
        SocketModeConnection? connection = null;
        try
        {
            var url = await api.OpenSocketModeConnectionAsync(cancellationToken).ConfigureAwait(false);
            logger.SocketConnecting(id, url.Host);
            var socket = await connector.ConnectAsync(url, cancellationToken).ConfigureAwait(false);
            connection = new SocketModeConnection(id, socket, OnEnvelope, logger, cancellationToken);
            var first = await Task.WhenAny(connection.Hello, connection.Completion)
                .WaitAsync(HelloTimeout, time, cancellationToken)
                .ConfigureAwait(false);
            if (first != connection.Hello)
            {
                throw new InvalidOperationException("The socket closed before Slack said hello.", await connection.Completion.ConfigureAwait(false));
            }

            return connection;
        }
        catch (SlackApiException exception) when (exception.IsFinal)
        {
            logger.SocketOpenRefused(exception.Error);
            throw;
        }
        catch (Exception exception)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            logger.SocketConnectFailed(exception, id);
            return null;
        }
    }

    private async ValueTask<bool> WaitBeforeRetryAsync(IEnumerator<TimeSpan> delays, CancellationToken cancellationToken)
    {
        if (!delays.MoveNext())
        {
            logger.SocketGaveUp();
            return false;
        }

        logger.SocketReconnectDelay(delays.Current);
        await Task.Delay(delays.Current, time, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private void OnEnvelope(SocketEnvelope envelope, SocketModeConnection connection)
    {
        // Both ids are recorded (no short circuit): a redelivery may come with a new envelope id but the same event id.
        var fresh = _envelopeIds.TryAdd(envelope.EnvelopeId);
        if (envelope.EventId is { } eventId)
        {
            fresh &= _eventIds.TryAdd(eventId);
        }

        if (!fresh)
        {
            logger.EnvelopeDuplicate(envelope.EnvelopeId, envelope.RetryAttempt, connection.Id);
            return;
        }

        if (envelope.RetryAttempt > 0)
        {
            logger.EnvelopeRedelivered(envelope.EnvelopeId, envelope.RetryAttempt, envelope.RetryReason ?? "");
        }

        var task = Task.Run(() => HandleAsync(envelope), CancellationToken.None);
        _handlers.TryAdd(task, 0);
        task.ContinueWith(static (done, state) => ((ConcurrentDictionary<Task, byte>)state!).TryRemove(done, out _), _handlers, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private async Task HandleAsync(SocketEnvelope envelope)
    {
        try
        {
            await handler.HandleAsync(envelope, _stopping).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            logger.EnvelopeHandlerFailed(exception, envelope.EnvelopeId, envelope.Type);
        }
    }
}
