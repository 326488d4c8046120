using System.Collections.Concurrent;

namespace DiffusionBot.Slack.WebApi;

/// <summary>
/// Holds back each Web API method until the time its last 429 named, and lets one call of a method be in flight at a time:
/// Slack rate-limits per method, so one limited method never delays another, and no call of a method is on the wire when
/// a 429 for it arrives, so none can reach Slack before that 429's <c>Retry-After</c> ran out. Method names are a small
/// fixed set, so the tables stay small.
/// </summary>
/// <remarks>One at a time costs nothing against Slack's own limits (Tier 3 and 4 allow about 1–2 calls a second per method).</remarks>
internal sealed class MethodRateLimiter(TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _notBefore = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _inFlight = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _waiting = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>How many calls of <paramref name="method"/> wait for their turn (tests wait on it instead of sleeping).</summary>
    public int Waiting(string method) => _waiting.GetValueOrDefault(method);

    /// <summary>Waits for <paramref name="method"/>'s turn; dispose the lease once the call and its retries are done.</summary>
    public async ValueTask<Lease> EnterAsync(string method, CancellationToken cancellationToken)
    {
        var gate = _inFlight.GetOrAdd(method, static _ => new SemaphoreSlim(1, 1));
        _waiting.AddOrUpdate(method, 1, static (_, n) => n + 1);
        try
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _waiting.AddOrUpdate(method, 0, static (_, n) => n - 1);
        }

        return new Lease(gate);
    }

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

    /// <summary>A method's turn to be in flight.</summary>
    public readonly struct Lease(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
