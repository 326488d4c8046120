using System.Collections.Concurrent;

namespace DiffusionBot.Slack.Replies;

/// <summary>
/// At most one preview edit per message per interval (<see cref="SlackOptions.PreviewIntervalSeconds"/>), whatever the
/// job's own throttle offers: a preview that comes too soon is dropped, never queued. Entries older than a few
/// intervals are swept, so the table holds only messages that are being previewed now.
/// </summary>
internal sealed class PreviewGate(TimeSpan interval, TimeProvider time)
{
    private const int SweepAbove = 256;
    private readonly ConcurrentDictionary<string, long> _lastShown = new(StringComparer.Ordinal);

    /// <summary>True (and the time is taken) when a preview of <paramref name="messageKey"/> may be shown now.</summary>
    public bool TryEnter(string messageKey)
    {
        var now = time.GetTimestamp();
        while (true)
        {
            if (!_lastShown.TryGetValue(messageKey, out var last))
            {
                if (_lastShown.TryAdd(messageKey, now))
                {
                    Sweep(now);
                    return true;
                }

                continue;
            }

            if (time.GetElapsedTime(last, now) < interval)
            {
                return false;
            }

            if (_lastShown.TryUpdate(messageKey, now, last))
            {
                return true;
            }
        }
    }

    /// <summary>Forgets <paramref name="messageKey"/>, e.g. once its result is posted.</summary>
    public void Forget(string messageKey) => _lastShown.TryRemove(messageKey, out _);

    private void Sweep(long now)
    {
        if (_lastShown.Count <= SweepAbove)
        {
            return;
        }

        foreach (var (key, last) in _lastShown)
        {
            if (time.GetElapsedTime(last, now) > 10 * interval)
            {
                _lastShown.TryRemove(key, out _);
            }
        }
    }
}
