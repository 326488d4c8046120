namespace DiffusionBot.Slack.WebApi;

/// <summary>
/// Holds back each Web API method until the time its last 429 named: Slack rate-limits per method, so one
/// limited method never delays another. Method names are a small fixed set, so the table stays small.
/// </summary>
internal sealed class MethodRateLimiter(TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Waits until <paramref name="method"/> may be called again.</summary>
    public async ValueTask WaitAsync(string method, CancellationToken cancellationToken)
    {
        while (true)
        {
            var wait = TimeUntilAllowed(method);
            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Blocks <paramref name="method"/> for <paramref name="retryAfter"/> from now, never shortening a longer block.</summary>
    public void Block(string method, TimeSpan retryAfter)
    {
        var until = time.GetUtcNow() + retryAfter;
        lock (_lock)
        {
            if (!_notBefore.TryGetValue(method, out var current) || current < until)
            {
                _notBefore[method] = until;
            }
        }
    }

    /// <summary>How long <paramref name="method"/> must still wait; zero or less when it may go now.</summary>
    public TimeSpan TimeUntilAllowed(string method)
    {
        lock (_lock)
        {
            return _notBefore.TryGetValue(method, out var until) ? until - time.GetUtcNow() : TimeSpan.Zero;
        }
    }
}
