using System.Data.Common;
using DiffusionBot.Chat.Storage;

namespace DiffusionBot.Chat.Quotas;

/// <summary>Images reserved in a channel's window, in total and per person, as a batch of reservations adds to them.</summary>
internal sealed class WindowUsage
{
    private readonly Dictionary<string, int> _byUser = new(StringComparer.Ordinal);
    private int _total;

    public static WindowUsage Read(DbConnection connection, DbTransaction transaction, QuotaScope scope, DateTimeOffset since)
    {
        using var command = BotDatabase.Command(
            connection,
            "SELECT user_id, SUM(images) FROM dbot_quota_usage WHERE platform = @p AND workspace_id = @w AND channel_id = @c AND released = 0 AND reserved_at > @since GROUP BY user_id",
            ("@p", scope.Platform),
            ("@w", scope.WorkspaceId),
            ("@c", scope.ChannelId),
            ("@since", since.ToUnixTimeMilliseconds()));
        command.Transaction = transaction;
        using var reader = command.ExecuteReader();
        var usage = new WindowUsage();
        while (reader.Read())
        {
            var images = Convert.ToInt32(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture);
            usage._byUser[reader.GetString(0)] = images;
            usage._total += images;
        }

        return usage;
    }

    /// <summary>Counts <paramref name="images"/> for <paramref name="userId"/> if both the channel's and the person's limits have room.</summary>
    public bool TryAdd(string userId, int images, QuotaPolicy policy)
    {
        var mine = _byUser.GetValueOrDefault(userId);
        if ((policy.Images is { } limit && _total + images > limit) || (policy.UserImages is { } userLimit && mine + images > userLimit))
        {
            return false;
        }

        _byUser[userId] = mine + images;
        _total += images;
        return true;
    }
}
