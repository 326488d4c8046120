using Microsoft.Extensions.Logging;

namespace DiffusionBot.Chat.Replies;

/// <summary>
/// Turns a request's per-step previews into at most one <see cref="IChatReply.ShowPreviewAsync"/> per
/// <see cref="PreviewOptions.Interval"/> for one message. The latest preview wins and nothing queues up: while a send is
/// in flight or waiting for the interval, a newer preview replaces the pending one.
/// </summary>
/// <remarks>
/// One instance per request. <see cref="Offer"/> is called from the denoising loop, so it only swaps a field under a
/// short lock and, at most once per interval, arms a timer; the send itself runs on the thread pool.
/// <see cref="CompleteAsync"/> drops the pending preview and waits out a send in flight, so no preview lands after the
/// result is posted.
/// </remarks>
internal sealed class PreviewThrottle : IAsyncDisposable
{
    private readonly IChatReply _reply;
    private readonly ReplyAddress _address;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly TimeSpan _interval;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _gate = new();

    // Guarded by _gate.
    private Preview? _pending;
    private bool _scheduled;
    private TaskCompletionSource? _sending;
    private long _lastSendStarted;
    private bool _hasSent;
    private bool _completed;

    public PreviewThrottle(IChatReply reply, ReplyAddress address, PreviewOptions options, TimeProvider timeProvider, ILogger<PreviewThrottle> logger)
    {
        ArgumentNullException.ThrowIfNull(reply);
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        _reply = reply;
        _address = address;
        _timeProvider = timeProvider;
        _logger = logger;
        _interval = options.Interval > TimeSpan.Zero ? options.Interval : TimeSpan.Zero;
        _timer = timeProvider.CreateTimer(static state => ((PreviewThrottle)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>
    /// True when an offer now would be sent at once: nothing in flight or waiting and the interval
    /// has passed. The GPU loop checks it so it encodes only previews that will be shown.
    /// </summary>
    public bool IsDue
    {
        get
        {
            lock (_gate)
            {
                return !_completed && _sending is null && !_scheduled && DelayBeforeNextSend() <= TimeSpan.Zero;
            }
        }
    }

    /// <summary>Offers the preview after <paramref name="step"/>; returns at once.</summary>
    /// <param name="jpeg">The encoded preview; the throttle keeps it, so the caller must not reuse the buffer.</param>
    /// <param name="step">Steps done, from 1.</param>
    /// <param name="totalSteps">Steps in the run.</param>
    public void Offer(ReadOnlyMemory<byte> jpeg, int step, int totalSteps)
    {
        TimeSpan due;
        lock (_gate)
        {
            if (_completed)
            {
                return;
            }

            if (_pending is not null)
            {
                Telemetry.BotMetrics.PreviewsDropped.Add(1);
            }

            _pending = new Preview(jpeg, step, totalSteps);
            if (_sending is not null || _scheduled)
            {
                return;
            }

            _scheduled = true;
            due = DelayBeforeNextSend();
        }

        // Outside the lock: a timer due now may run its callback on this thread.
        Arm(due);
    }

    /// <summary>
    /// Stops previews for good: drops the pending one, cancels a send in flight and waits for it to end, so the caller
    /// can post the result knowing no preview will follow it.
    /// </summary>
    public async ValueTask CompleteAsync()
    {
        bool first;
        Task inFlight;
        lock (_gate)
        {
            first = !_completed;
            _completed = true;
            if (_pending is not null)
            {
                Telemetry.BotMetrics.PreviewsDropped.Add(1);
            }

            _pending = null;
            inFlight = _sending?.Task ?? Task.CompletedTask;
        }

        if (first)
        {
            await _timer.DisposeAsync().ConfigureAwait(false);
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await inFlight.ConfigureAwait(false);
    }

    public ValueTask DisposeAsync() => CompleteAsync();

    private void OnTimer()
    {
        Preview preview;
        TaskCompletionSource sending;
        lock (_gate)
        {
            _scheduled = false;
            if (_completed || _sending is not null || _pending is not { } pending)
            {
                return;
            }

            preview = pending;
            sending = StartSend();
        }

        _ = SendAsync(preview, sending);
    }

    private async Task SendAsync(Preview preview, TaskCompletionSource sending)
    {
        TimeSpan? due = null;
        try
        {
            while (true)
            {
                try
                {
                    await _reply.ShowPreviewAsync(_address, preview.Jpeg, preview.Step, preview.TotalSteps, _stopping.Token).ConfigureAwait(false);
                    Telemetry.BotMetrics.PreviewsSent.Add(1);
                }
                catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
                {
                    // Completed while sending: the result is about to be posted.
                    Telemetry.BotMetrics.PreviewsDropped.Add(1);
                }
                catch (Exception exception)
                {
                    Telemetry.BotMetrics.PreviewsDropped.Add(1);
                    // Previews are best effort; the next one may get through, and the result is posted regardless.
                    _logger.PreviewFailed(exception, preview.Step, preview.TotalSteps, _address.Platform);
                }

                lock (_gate)
                {
                    if (_completed || _pending is not { } pending)
                    {
                        _sending = null;
                        break;
                    }

                    var delay = DelayBeforeNextSend();
                    if (delay > TimeSpan.Zero)
                    {
                        _sending = null;
                        _scheduled = true;
                        due = delay;
                        break;
                    }

                    // The send outlasted the interval and a newer preview waits: send it now, on this same loop.
                    preview = pending;
                    _pending = null;
                    _lastSendStarted = _timeProvider.GetTimestamp();
                }
            }
        }
        finally
        {
            sending.TrySetResult();
        }

        if (due is { } wait)
        {
            Arm(wait);
        }
    }

    private void Arm(TimeSpan due)
    {
        try
        {
            _timer.Change(due, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Completed meanwhile; nothing more is sent.
        }
    }

    // Called under _gate.
    private TaskCompletionSource StartSend()
    {
        _pending = null;
        _sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _lastSendStarted = _timeProvider.GetTimestamp();
        _hasSent = true;
        return _sending;
    }

    // Called under _gate. Sends are spaced from start to start.
    private TimeSpan DelayBeforeNextSend()
    {
        if (!_hasSent)
        {
            return TimeSpan.Zero;
        }

        var remaining = _interval - _timeProvider.GetElapsedTime(_lastSendStarted);
        return remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero;
    }

    private readonly record struct Preview(ReadOnlyMemory<byte> Jpeg, int Step, int TotalSteps);
}
