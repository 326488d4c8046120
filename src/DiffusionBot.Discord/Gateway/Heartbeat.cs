namespace DiffusionBot.Discord.Gateway;

/// <summary>
/// One connection's heartbeat: the first beat after <c>interval × jitter</c>, then one per interval. A beat due while
/// the previous one is still unacknowledged means the connection is a zombie, and <see cref="RunAsync"/> returns true.
/// Every beat is sent from this loop, so a beat waiting for the gateway's send limit never stalls the receive loop.
/// </summary>
internal sealed class Heartbeat(TimeSpan interval, double jitter, Func<CancellationToken, ValueTask> beat, TimeProvider time)
{
    private volatile bool _acknowledged = true;
    private TaskCompletionSource _requested = NewSignal();

    public void Acknowledge() => _acknowledged = true;

    /// <summary>
    /// Discord asked for a beat (op 1): the loop sends one at once, without the zombie check, and the next interval starts
    /// from it. Requests made while one is still waiting to be sent count once.
    /// </summary>
    public void Request() => Volatile.Read(ref _requested).TrySetResult();

    /// <summary>Beats until cancelled (false) or until an ACK is missing (true).</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            var requested = await WaitAsync(interval * jitter, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (!requested && !_acknowledged)
                {
                    return true;
                }

                _acknowledged = false;

                // The next interval counts from the moment this beat is due, not from when its send completes.
                var next = WaitAsync(interval, cancellationToken);
                await beat(cancellationToken).ConfigureAwait(false);
                requested = await next.ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Waits out <paramref name="delay"/>; true when a request cut it short.</summary>
    private async Task<bool> WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var request = Volatile.Read(ref _requested).Task;
        var elapsed = Task.Delay(delay, time, wait.Token);
        if (await Task.WhenAny(elapsed, request).ConfigureAwait(false) == request)
        {
            Interlocked.Exchange(ref _requested, NewSignal());
            await wait.CancelAsync().ConfigureAwait(false);
            return true;
        }

        await elapsed.ConfigureAwait(false);
        return false;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
