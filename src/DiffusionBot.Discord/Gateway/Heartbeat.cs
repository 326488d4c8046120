namespace DiffusionBot.Discord.Gateway;

/// <summary>
/// One connection's heartbeat: the first beat after <c>interval × jitter</c>, then one per interval. A beat due while
/// the previous one is still unacknowledged means the connection is a zombie, and <see cref="RunAsync"/> returns true.
/// </summary>
internal sealed class Heartbeat(TimeSpan interval, double jitter, Func<CancellationToken, ValueTask> beat, TimeProvider time)
{
    private volatile bool _acknowledged = true;

    public void Acknowledge() => _acknowledged = true;

    /// <summary>Beats until cancelled (false) or until an ACK is missing (true).</summary>
    public async Task<bool> RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(interval * jitter, time, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                if (!_acknowledged)
                {
                    return true;
                }

                _acknowledged = false;
                await beat(cancellationToken).ConfigureAwait(false);
                await Task.Delay(interval, time, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
