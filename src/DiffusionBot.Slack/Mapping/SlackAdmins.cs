using System.Collections.Concurrent;
using DiffusionBot.Slack.WebApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Mapping;

/// <summary>
/// Who may run admin commands: the ids in <see cref="SlackOptions.AdminUsers"/>, plus workspace admins and owners as
/// <c>users.info</c> reports them, remembered briefly so a busy channel does not spend the method's rate limit.
/// </summary>
internal sealed class SlackAdmins(SlackWebApiClient api, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackAdmins> logger)
{
    /// <summary>How long one <c>users.info</c> answer is trusted.</summary>
    /// <remarks>Short, so a demoted admin loses the right within minutes; long enough that a burst asks once.</remarks>
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(5);

    private const int MaxEntries = 4096;
    private readonly ConcurrentDictionary<string, (bool IsAdmin, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async ValueTask<bool> IsAdminAsync(string userId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(userId);
        if (options.Value.AdminUsers.Contains(userId, StringComparer.Ordinal))
        {
            return true;
        }

        var now = time.GetUtcNow();
        if (_cache.TryGetValue(userId, out var cached) && cached.Until > now)
        {
            return cached.IsAdmin;
        }

        bool isAdmin;
        try
        {
            var user = await api.GetUserAsync(userId, cancellationToken).ConfigureAwait(false);
            isAdmin = user.IsWorkspaceAdmin && !user.Deleted;
        }
        catch (SlackApiException exception)
        {
            // Not cached: the next command asks again.
            logger.AdminLookupFailed(userId, exception.Error);
            return false;
        }

        if (_cache.Count >= MaxEntries)
        {
            _cache.Clear();
        }

        _cache[userId] = (isAdmin, now + CacheFor);
        return isAdmin;
    }
}
