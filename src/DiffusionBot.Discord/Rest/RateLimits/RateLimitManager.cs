using System.Collections.Concurrent;

namespace DiffusionBot.Discord.Rest.RateLimits;

/// <summary>
/// Finds the bucket for a route. Until Discord reveals a route's bucket hash the route has a bucket of its own; once
/// it does, the route and every route with the same hash and major parameter share one bucket.
/// </summary>
/// <remarks>The maps grow with the channels and guilds the bot talks to, a few hundred bytes each.</remarks>
internal sealed class RateLimitManager(TimeProvider time)
{
    private readonly ConcurrentDictionary<string, string> _hashByTemplate = new();
    private readonly ConcurrentDictionary<string, RateLimitBucket> _buckets = new();

    /// <summary>How many requests wait for their bucket's turn, over every bucket.</summary>
    public int Waiting => _buckets.Values.Distinct().Sum(b => b.Waiting);

    public RateLimitBucket GetBucket(Route route) =>
        _buckets.GetOrAdd(BucketKey(route), static (_, t) => new RateLimitBucket(t), time);

    /// <summary>Records the hash a response named; the first bucket seen for a hash and major parameter becomes the shared one.</summary>
    public void Learn(Route route, string hash, RateLimitBucket bucket)
    {
        if (_hashByTemplate.TryGetValue(route.TemplateKey, out var known) && known == hash)
        {
            return;
        }

        _buckets.TryAdd($"{hash}:{route.MajorParameter}", bucket);
        _hashByTemplate[route.TemplateKey] = hash;
    }

    private string BucketKey(Route route) =>
        _hashByTemplate.TryGetValue(route.TemplateKey, out var hash) ? $"{hash}:{route.MajorParameter}" : $"route:{route.Key}";
}
