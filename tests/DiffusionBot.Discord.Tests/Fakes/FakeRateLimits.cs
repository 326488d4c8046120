using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>
/// Discord's HTTP rate limits, enforced the way Discord documents them (topics/rate-limits): every limited route
/// answers with <c>X-RateLimit-Limit/Remaining/Reset/Reset-After/Bucket</c>; a request that arrives while its bucket
/// (hash + top-level resource) has nothing remaining, or over the global 50 requests per second of the bot token,
/// is a violation: it is counted and answered 429 with <c>retry_after</c>, and does nothing else.
/// </summary>
/// <remarks>
/// Interaction callbacks carry no bucket and, like the interaction webhooks (no bot token), are outside the global
/// limit ("interaction endpoints are not bound to the global rate limit"). Each route template has a bucket hash of its
/// own; the windows are shorter than Discord's so a burst test finishes quickly while still running buckets dry.
/// </remarks>
internal sealed class FakeRateLimits
{
    /// <summary>Discord's global limit per bot token.</summary>
    public const int GlobalPerSecond = 50;

    private static readonly TimeSpan GlobalWindow = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, Window> _windows = new();
    private readonly Queue<long> _global = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private int _limited;

    /// <summary>Requests refused because they arrived when their bucket, or the global limit, had nothing left.</summary>
    public IReadOnlyList<string> Violations => [.. _violations];

    /// <summary>Requests that ran a bucket down to zero remaining: proof the limits were actually reached.</summary>
    public int Exhausted => Volatile.Read(ref _limited);

    /// <summary>Admits a request that arrived at <paramref name="now"/> (a <see cref="Stopwatch"/> timestamp, before its body was read) and returns the headers for its answer, or returns the 429 it gets instead.</summary>
    public FakeResponse? Admit(string method, string path, string? authorization, long now, out IReadOnlyDictionary<string, string> headers)
    {
        headers = new Dictionary<string, string>();
        if (authorization is not null && !IsInteraction(path))
        {
            lock (_global)
            {
                while (_global.Count > 0 && Stopwatch.GetElapsedTime(_global.Peek(), now) >= GlobalWindow)
                {
                    _global.Dequeue();
                }

                if (_global.Count >= GlobalPerSecond)
                {
                    var retry = GlobalWindow - Stopwatch.GetElapsedTime(_global.Peek(), now);
                    _violations.Enqueue($"global: {method} {path}");
                    return Global(retry);
                }

                _global.Enqueue(now);
            }
        }

        if (Limit(method, path) is not { } limit)
        {
            return null;
        }

        var window = _windows.GetOrAdd($"{limit.Hash}:{limit.Major}", _ => new Window());
        lock (window)
        {
            if (window.ResetAt <= now)
            {
                window.ResetAt = now + (long)(limit.Per.TotalSeconds * Stopwatch.Frequency);
                window.Used = 0;
            }

            var resetAfter = TimeSpan.FromSeconds((window.ResetAt - now) / (double)Stopwatch.Frequency);
            if (window.Used >= limit.Count)
            {
                _violations.Enqueue($"bucket {limit.Hash}: {method} {path}");
                return Bucket(limit, resetAfter);
            }

            window.Used++;
            if (window.Used == limit.Count)
            {
                Interlocked.Increment(ref _limited);
            }

            headers = Headers(limit, limit.Count - window.Used, resetAfter);
            return null;
        }
    }

    private static bool IsInteraction(string path) =>
        path.StartsWith("/interactions/", StringComparison.Ordinal) || path.StartsWith("/webhooks/", StringComparison.Ordinal);

    /// <summary>The bucket of a route: a hash per template, the top-level resource as major parameter.</summary>
    private static RouteLimit? Limit(string method, string path)
    {
        var s = path.Trim('/').Split('/');
        return (method, s) switch
        {
            ("POST", ["interactions", _, _, "callback"]) => null,
            (_, ["webhooks", var app, var token, ..]) => new RouteLimit($"webhook-{method}-{s.Length}", $"{app}/{token}", 5, TimeSpan.FromSeconds(2)),
            ("POST", ["channels", var c, "messages"]) => new RouteLimit("message-create", c, 5, TimeSpan.FromSeconds(2)),
            ("PATCH", ["channels", var c, "messages", _]) => new RouteLimit("message-edit", c, 5, TimeSpan.FromSeconds(2)),
            ("POST", ["channels", var c, "messages", _, "threads"]) => new RouteLimit("thread-create", c, 5, TimeSpan.FromSeconds(1)),
            ("PUT", ["channels", var c, "messages", _, "reactions", _, "@me"]) => new RouteLimit("reaction-add", c, 1, TimeSpan.FromSeconds(0.25)),
            (_, ["applications", _, "guilds", var g, "commands"]) => new RouteLimit($"guild-commands-{method}", g, 5, TimeSpan.FromSeconds(20)),
            (_, ["applications", var app, "commands"]) => new RouteLimit($"commands-{method}", app, 5, TimeSpan.FromSeconds(20)),
            _ => new RouteLimit($"other-{method}-{s.Length}", s.Length > 1 ? s[1] : "", 10, TimeSpan.FromSeconds(1)),
        };
    }

    private static Dictionary<string, string> Headers(RouteLimit limit, int remaining, TimeSpan resetAfter) => new()
    {
        ["X-RateLimit-Limit"] = limit.Count.ToString(CultureInfo.InvariantCulture),
        ["X-RateLimit-Remaining"] = remaining.ToString(CultureInfo.InvariantCulture),
        ["X-RateLimit-Reset"] = Seconds(DateTimeOffset.UtcNow.Add(resetAfter).ToUnixTimeMilliseconds() / 1000.0),
        ["X-RateLimit-Reset-After"] = Seconds(resetAfter.TotalSeconds),
        ["X-RateLimit-Bucket"] = limit.Hash,
    };

    private static FakeResponse Bucket(RouteLimit limit, TimeSpan resetAfter)
    {
        var headers = Headers(limit, 0, resetAfter);
        headers["Retry-After"] = Math.Ceiling(resetAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        headers["X-RateLimit-Scope"] = "user";
        return new FakeResponse(429, Body(resetAfter, global: false), headers);
    }

    private static FakeResponse Global(TimeSpan retryAfter) => new(
        429,
        Body(retryAfter, global: true),
        new Dictionary<string, string>
        {
            ["Retry-After"] = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            ["X-RateLimit-Global"] = "true",
            ["X-RateLimit-Scope"] = "global",
        });

    private static string Body(TimeSpan retryAfter, bool global) =>
        $$"""{"message":"You are being rate limited.","retry_after":{{Seconds(retryAfter.TotalSeconds)}},"global":{{(global ? "true" : "false")}}}""";

    /// <summary>Seconds with three decimals, rounded up: a client that waits what it is told is never early.</summary>
    private static string Seconds(double seconds) => (Math.Ceiling(seconds * 1000) / 1000).ToString("0.000", CultureInfo.InvariantCulture);

    private sealed record RouteLimit(string Hash, string Major, int Count, TimeSpan Per);

    private sealed class Window
    {
        public long ResetAt;

        public int Used;
    }
}
