using System.Collections.Concurrent;
using System.Net;
using DiffusionBot.Discord.Rest;

namespace DiffusionBot.Discord.Replies;

/// <summary>
/// Channels the bot has been refused in, and which permission it lacks there. A 403 (50001 Missing Access, 50013 Missing
/// Permissions) or 404 on a channel route does not heal on its own, so a job never retries it: the result goes through the
/// interaction webhook instead, which needs no channel permission. Remembered for <see cref="Memory"/>, so the next job
/// in that channel goes straight to the webhook.
/// </summary>
internal sealed class ChannelAccess(TimeProvider time)
{
    /// <summary>How long a refusal is remembered; a moderator who fixes the permissions sees threads again after it.</summary>
    public static readonly TimeSpan Memory = TimeSpan.FromMinutes(10);

    /// <summary>Missing Access: the bot cannot see the channel at all.</summary>
    public const int MissingAccess = 50001;

    /// <summary>Missing Permissions: it sees the channel but lacks a permission the route needs.</summary>
    public const int MissingPermissions = 50013;

    private const int MaxRemembered = 10_000;

    // Permission bits (docs/topics/permissions#permissions-bitwise-permission-flags).
    private const ulong ViewChannel = 1UL << 10;
    private const ulong SendMessages = 1UL << 11;
    private const ulong AttachFiles = 1UL << 15;
    private const ulong SendMessagesInThreads = 1UL << 38;

    private readonly ConcurrentDictionary<ulong, Refusal> _refused = new();

    /// <summary>What the bot lacks in <paramref name="channel"/> ("Send Messages"), or null when nothing is known against it.</summary>
    public string? Missing(ulong channel)
    {
        if (!_refused.TryGetValue(channel, out var refusal))
        {
            return null;
        }

        if (refusal.Until > time.GetUtcNow())
        {
            return refusal.Missing;
        }

        _refused.TryRemove(KeyValuePair.Create(channel, refusal));
        return null;
    }

    /// <summary>Remembers that <paramref name="channel"/> refused the bot for lack of <paramref name="missing"/>.</summary>
    public void Remember(ulong channel, string missing)
    {
        if (_refused.Count >= MaxRemembered)
        {
            _refused.Clear();
        }

        _refused[channel] = new Refusal(missing, time.GetUtcNow() + Memory);
    }

    /// <summary>
    /// Learns from an interaction's <c>app_permissions</c> (the bot's permissions in that channel) what a result needs
    /// and the bot lacks there: View Channel, Send Messages (in Threads) and Attach Files. Discord computes it for each
    /// interaction, so it replaces what an earlier refusal taught: when all are there, the channel is forgiven.
    /// </summary>
    public void Learn(ulong channel, bool isThread, string? appPermissions)
    {
        if (!ulong.TryParse(appPermissions, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var bits))
        {
            return;
        }

        List<string> missing = [];
        if ((bits & ViewChannel) == 0)
        {
            missing.Add("View Channel");
        }

        if ((bits & (isThread ? SendMessagesInThreads : SendMessages)) == 0)
        {
            missing.Add(isThread ? "Send Messages in Threads" : "Send Messages");
        }

        if ((bits & AttachFiles) == 0)
        {
            missing.Add("Attach Files");
        }

        if (missing.Count > 0)
        {
            Remember(channel, string.Join(" and ", missing));
        }
        else
        {
            _refused.TryRemove(channel, out _);
        }
    }

    /// <summary>Whether Discord's answer holds for as long as the channel's permissions stay as they are.</summary>
    public static bool IsPermanent(DiscordApiException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.NotFound;
    }

    /// <summary>The permission to name for a refusal of a route that needs <paramref name="needed"/>.</summary>
    public static string MissingFor(DiscordApiException e, string needed)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e.ErrorCode == MissingAccess || e.StatusCode == HttpStatusCode.NotFound ? "View Channel" : needed;
    }

    private sealed record Refusal(string Missing, DateTimeOffset Until);
}
