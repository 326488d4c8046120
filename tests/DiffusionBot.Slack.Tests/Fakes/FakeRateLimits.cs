using System.Collections.Concurrent;
using System.Diagnostics;

namespace DiffusionBot.Slack.Tests.Fakes;

/// <summary>
/// Slack's Web API rate limits, per method (and per channel for <c>chat.postMessage</c>), as token buckets: a call without a
/// token gets HTTP 429 with a whole-second <c>Retry-After</c>. A call of a method that arrives before the <c>Retry-After</c> of
/// its last 429 ran out is a <b>violation</b>: the client sent early.
/// </summary>
/// <remarks>
/// The tiers are Slack's (api.slack.com/apis/rate-limits): Tier 1 1+/min (apps.connections.open, per its method page),
/// Tier 3 50+/min (chat.update, chat.delete, conversations.replies, files.delete),
/// Tier 4 100+/min (chat.postEphemeral, users.info, files.getUploadURLExternal, files.completeUploadExternal), and
/// chat.postMessage about 1/s per channel with short bursts. <paramref name="speedup"/> scales every rate, so a test or a
/// benchmark can push hundreds of calls through in seconds; the buckets hold <paramref name="burstSeconds"/> of calls at that rate.
/// Holds are kept on the wall clock (<see cref="TimeProvider.System"/>), the clock the client reads a <c>Retry-After</c> against:
/// measured on the monotonic clock instead, a wall clock slewed by NTP could make a call sent exactly on time look early.
/// </remarks>
internal sealed class FakeRateLimits(double speedup, double burstSeconds)
{
    private static readonly Dictionary<string, double> PerMinute = new(StringComparer.Ordinal)
    {
        ["apps.connections.open"] = 1,
        ["chat.postMessage"] = 60,
        ["chat.update"] = 50,
        ["chat.delete"] = 50,
        ["conversations.replies"] = 50,
        ["files.delete"] = 50,
        ["chat.postEphemeral"] = 100,
        ["users.info"] = 100,
        ["files.getUploadURLExternal"] = 100,
        ["files.completeUploadExternal"] = 100,
    };

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);
    private int _violations;
    private int _rateLimited;

    /// <summary>Calls that arrived while their method was still held back by a 429 the fake had sent.</summary>
    public int Violations => _violations;

    /// <summary>How many 429s the fake answered.</summary>
    public int RateLimited => _rateLimited;

    /// <summary>What each violation was: method and how early it came.</summary>
    public ConcurrentQueue<string> ViolationLog { get; } = new();

    /// <summary>Counts a violation when <paramref name="method"/> is called before its last Retry-After ran out.</summary>
    public void OnArrival(string method)
    {
        var now = TimeProvider.System.GetUtcNow();
        if (_blockedUntil.TryGetValue(method, out var until) && now < until)
        {
            Interlocked.Increment(ref _violations);
            ViolationLog.Enqueue($"{method} {(until - now).TotalMilliseconds:F1} ms early");
        }
    }

    /// <summary>Takes a token for the call; the whole seconds to wait when there is none.</summary>
    public int? TryTake(string method, string? channel)
    {
        if (!PerMinute.TryGetValue(method, out var perMinute))
        {
            return null;
        }

        var perSecond = perMinute / 60 * speedup;
        var key = method == "chat.postMessage" ? method + "/" + channel : method;
        var bucket = _buckets.GetOrAdd(key, _ => new Bucket(Math.Max(1, perSecond * burstSeconds), perSecond));
        return bucket.TryTake();
    }

    /// <summary>Records a 429 the fake answered (by its limits or a script): the method is held back for that long.</summary>
    public void OnRateLimited(string method, int retryAfterSeconds)
    {
        Interlocked.Increment(ref _rateLimited);
        var until = TimeProvider.System.GetUtcNow().AddSeconds(retryAfterSeconds);
        _blockedUntil.AddOrUpdate(method, until, (_, current) => current > until ? current : until);
    }

    private sealed class Bucket
    {
        private readonly Lock _lock = new();
        private readonly double _capacity;
        private readonly double _perSecond;
        private double _tokens;
        private long _last = Stopwatch.GetTimestamp();

        public Bucket(double capacity, double perSecond)
        {
            _capacity = capacity;
            _perSecond = perSecond;
            _tokens = capacity;
        }

        public int? TryTake()
        {
            lock (_lock)
            {
                var now = Stopwatch.GetTimestamp();
                _tokens = Math.Min(_capacity, _tokens + (Stopwatch.GetElapsedTime(_last, now).TotalSeconds * _perSecond));
                _last = now;
                if (_tokens >= 1)
                {
                    _tokens--;
                    return null;
                }

                return Math.Max(1, (int)Math.Ceiling((1 - _tokens) / _perSecond));
            }
        }
    }
}
