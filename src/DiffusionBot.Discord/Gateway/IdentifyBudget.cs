using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Gateway;

/// <summary>
/// Keeps Identify inside Discord's session start limit (<c>session_start_limit</c> from <c>GET /gateway/bot</c>): by
/// default 1000 a day, and going over it terminates every session and resets the bot token. Resumes do not count, so the
/// client resumes whenever it may and asks this budget, before each Identify, how long to wait first.
/// </summary>
/// <remarks>
/// discord.com/developers/docs/events/gateway: "Identifying" (the 1000-a-day warning), "Session Start Limit Object",
/// "Rate Limiting" and "Max Concurrency" (identifies per 5 s; a single connection is shard 0, whose rate-limit key is 0
/// whatever <c>max_concurrency</c> says, so it identifies at most once per 5 s).
/// </remarks>
internal sealed class IdentifyBudget(TimeProvider time)
{
    /// <summary>At most one Identify per this window.</summary>
    public static readonly TimeSpan ConcurrencyWindow = TimeSpan.FromSeconds(5);

    /// <summary>With this few left, the remaining identifies are spread evenly until the budget resets.</summary>
    /// <remarks>A healthy bot identifies a handful of times a day; this few left means something is looping (or shares the token).</remarks>
    public const int LowRemaining = 20;

    /// <summary>The shortest wait for a spent budget, should Discord report <c>reset_after</c> as 0.</summary>
    public static readonly TimeSpan MinimumResetWait = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private long? _lastIdentify;

    /// <summary>An Identify was sent now.</summary>
    public void Identified()
    {
        lock (_lock)
        {
            _lastIdentify = time.GetTimestamp();
        }
    }

    /// <summary>How long to wait before the next Identify, given the limit Discord reported just now (null: not reported).</summary>
    public IdentifyWait Plan(SessionStartLimit? limit)
    {
        TimeSpan? sinceLast;
        lock (_lock)
        {
            sinceLast = _lastIdentify is { } last ? time.GetElapsedTime(last) : null;
        }

        if (limit is { Remaining: <= 0 })
        {
            return new IdentifyWait(Max(TimeSpan.FromMilliseconds(limit.ResetAfter), MinimumResetWait), IdentifyWaitReason.Spent);
        }

        if (limit is { Remaining: <= LowRemaining } && sinceLast is { } since)
        {
            var spacing = TimeSpan.FromMilliseconds(limit.ResetAfter) / limit.Remaining;
            if (spacing - since > TimeSpan.Zero)
            {
                return new IdentifyWait(spacing - since, IdentifyWaitReason.Low);
            }
        }

        if (sinceLast is { } recent && recent < ConcurrencyWindow)
        {
            return new IdentifyWait(ConcurrencyWindow - recent, IdentifyWaitReason.Concurrency);
        }

        return new IdentifyWait(TimeSpan.Zero, IdentifyWaitReason.None);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
