using System.Data.Common;
using System.Globalization;
using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Quotas;

/// <summary>
/// Quotas, their audit trail and the usage ledger, in the jobs database. A reservation checks and
/// records in one transaction that holds the channel exclusively, so it is exact under concurrent
/// dispatchers in any number of processes.
/// </summary>
public sealed class QuotaStore
{
    /// <summary>Enough to take a burst of dispatchers in one transaction without holding the write lock long.</summary>
    private const int MaxReservationsPerTransaction = 64;

    private readonly BotDatabase _database;
    private readonly IOptions<QuotaOptions> _options;
    private readonly TimeProvider _time;
    private readonly WriteCombiner<ReservationRequest, Reservation> _reservations;

    public QuotaStore(BotDatabase database, IOptions<QuotaOptions> options, TimeProvider time)
    {
        _database = database;
        _options = options;
        _time = time;
        _reservations = new WriteCombiner<ReservationRequest, Reservation>(ReserveBatch, MaxReservationsPerTransaction);
    }

    /// <summary>The channel's own policy, else its workspace's, else the configured default.</summary>
    public (QuotaPolicy Policy, string Source) Resolve(QuotaScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        using var connection = _database.Open();
        if (Read(connection, scope) is { } own)
        {
            return (own, "set for this channel");
        }

        if (Read(connection, scope.Workspace) is { } workspace)
        {
            return (workspace, "the server/workspace default");
        }

        return (_options.Value.DefaultPolicy(), "the bot's default");
    }

    /// <summary>Sets (or with a null policy, clears) a quota and records the change.</summary>
    public void Change(QuotaScope target, QuotaPolicy? policy, string userId, string userName)
    {
        ArgumentNullException.ThrowIfNull(target);
        using var connection = _database.Open();
        using var transaction = _database.BeginExclusive(connection, "quota-config:" + target.Key);
        var before = Read(connection, target, transaction)?.Describe() ?? "default";
        Exec(connection, transaction, "DELETE FROM dbot_quotas WHERE platform = @p AND workspace_id = @w AND channel_id = @c", Scope(target));
        if (policy is not null)
        {
            Exec(
                connection,
                transaction,
                "INSERT INTO dbot_quotas (platform, workspace_id, channel_id, off, images, user_images, window_seconds, max_steps, max_pixels) VALUES (@p, @w, @c, @off, @images, @user, @window, @steps, @pixels)",
                [.. Scope(target), ("@off", policy.Off ? 1 : 0), ("@images", policy.Images), ("@user", policy.UserImages), ("@window", (long)policy.Window.TotalSeconds), ("@steps", policy.MaxSteps), ("@pixels", policy.MaxPixels)]);
        }

        Exec(
            connection,
            transaction,
            "INSERT INTO dbot_quota_audit (at, platform, workspace_id, channel_id, user_id, user_name, before_text, after_text) VALUES (@at, @p, @w, @c, @u, @n, @before, @after)",
            [.. Scope(target), ("@at", _time.GetUtcNow().ToUnixTimeMilliseconds()), ("@u", userId), ("@n", userName), ("@before", before), ("@after", policy?.Describe() ?? "default")]);
        transaction.Commit();
    }

    /// <summary>
    /// Reserves <paramref name="images"/> for <paramref name="requestId"/> if the channel's and the
    /// person's windows have room; otherwise says which limit was hit and when the next image frees up.
    /// Concurrent reservations in this process are written together in one transaction.
    /// </summary>
    public Reservation TryReserve(QuotaScope scope, string userId, string requestId, int images, QuotaPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(policy);
        return _reservations.Run(new ReservationRequest(scope, userId, requestId, images, policy));
    }

    private Reservation[] ReserveBatch(IReadOnlyList<ReservationRequest> batch)
    {
        try
        {
            return ReserveTogether(batch);
        }
        catch (DbException) when (batch.Count > 1)
        {
            // One bad row must not fail the callers batched with it: retry each on its own.
            return [.. batch.Select(request => ReserveTogether([request])[0])];
        }
    }

    /// <summary>
    /// Decides a batch in arrival order while its channels are held exclusively: the window's usage
    /// is read once per channel, each request is checked against it in memory (counting the grants
    /// before it), and the grants are written in one insert.
    /// </summary>
    private Reservation[] ReserveTogether(IReadOnlyList<ReservationRequest> batch)
    {
        using var writer = _database.EnterWriter();
        var now = _time.GetUtcNow();
        using var connection = _database.Open();
        using var transaction = _database.BeginExclusive(connection, batch.Select(r => "quota:" + r.Scope.Key));
        var outcomes = new Reservation[batch.Count];
        foreach (var group in batch.Select((request, index) => (request, index)).GroupBy(x => (x.request.Scope, x.request.Policy.Window)))
        {
            var (scope, length) = group.Key;
            var usage = WindowUsage.Read(connection, transaction, scope, now - length);
            var granted = new List<ReservationRequest>();
            var refused = new List<int>();
            foreach (var (request, index) in group)
            {
                if (usage.TryAdd(request.UserId, request.Images, request.Policy))
                {
                    granted.Add(request);
                    outcomes[index] = Reservation.Grant();
                }
                else
                {
                    refused.Add(index);
                }
            }

            Insert(connection, transaction, scope, granted, now);
            foreach (var index in refused)
            {
                outcomes[index] = Refuse(connection, transaction, batch[index], now);
            }
        }

        transaction.Commit();
        return outcomes;
    }

    private static void Insert(DbConnection connection, DbTransaction transaction, QuotaScope scope, List<ReservationRequest> granted, DateTimeOffset now)
    {
        if (granted.Count == 0)
        {
            return;
        }

        var rows = new List<string>(granted.Count);
        var parameters = new List<(string Name, object? Value)>([.. Scope(scope), ("@at", now.ToUnixTimeMilliseconds())]);
        for (var i = 0; i < granted.Count; i++)
        {
            rows.Add(string.Create(CultureInfo.InvariantCulture, $"(@r{i}, @p, @w, @c, @u{i}, @n{i}, @at)"));
            parameters.AddRange([($"@r{i}", granted[i].RequestId), ($"@u{i}", granted[i].UserId), ($"@n{i}", granted[i].Images)]);
        }

        Exec(connection, transaction, "INSERT INTO dbot_quota_usage (request_id, platform, workspace_id, channel_id, user_id, images, reserved_at) VALUES " + string.Join(", ", rows), [.. parameters]);
    }

    /// <summary>Reads the window to say which limit was hit and when the next image frees up.</summary>
    private static Reservation Refuse(DbConnection connection, DbTransaction transaction, ReservationRequest request, DateTimeOffset now)
    {
        var (scope, userId, _, images, policy) = request;
        var window = Reservations(connection, transaction, scope, now - policy.Window);
        var per = QuotaDuration.Format(policy.Window);
        if (policy.Images is { } limit && Refusal(window, null, images, limit, policy.Window, now) is { } channelWait)
        {
            return Reservation.Refuse(images > limit
                ? $"This channel allows {limit} images per {per}; you asked for {images}."
                : $"This channel has used {window.Sum(r => r.Images)} of {limit} images in the last {per}; the next one frees up in {QuotaDuration.Until(channelWait)}.");
        }

        var userLimit = policy.UserImages ?? 0;
        var userWait = Refusal(window, userId, images, userLimit, policy.Window, now) ?? TimeSpan.Zero;
        return Reservation.Refuse(images > userLimit
            ? $"You may make {userLimit} images per {per} here; you asked for {images}."
            : $"You have used {window.Where(r => r.UserId == userId).Sum(r => r.Images)} of your {userLimit} images here in the last {per}; the next one frees up in {QuotaDuration.Until(userWait)}.");
    }

    /// <summary>Gives a request's images back (it failed or was cancelled before producing them).</summary>
    public void Release(string requestId)
    {
        using var connection = _database.Open();
        BotDatabase.Execute(connection, "UPDATE dbot_quota_usage SET released = 1 WHERE request_id = @r", ("@r", requestId));
    }

    /// <summary>
    /// Gives back reservations older than <paramref name="grace"/> whose request was never saved
    /// (the dispatcher failed between reserving and saving, and could not give them back itself).
    /// </summary>
    public int ReleaseUnsaved(TimeSpan grace)
    {
        var cutoff = (_time.GetUtcNow() - grace).ToUnixTimeMilliseconds();
        using var connection = _database.Open();
        return BotDatabase.Execute(
            connection,
            "UPDATE dbot_quota_usage SET released = 1 WHERE released = 0 AND reserved_at < @cutoff AND NOT EXISTS (SELECT 1 FROM dbot_requests r WHERE r.id = dbot_quota_usage.request_id)",
            ("@cutoff", cutoff));
    }

    public QuotaUsage Usage(QuotaScope scope, string userId, TimeSpan window)
    {
        var now = _time.GetUtcNow();
        using var connection = _database.Open();
        var used = Reservations(connection, null, scope, now - window);
        DateTimeOffset? next = used.Count == 0 ? null : used[0].At + window;
        return new QuotaUsage(used.Sum(r => r.Images), used.Where(r => r.UserId == userId).Sum(r => r.Images), next);
    }

    public QuotaAuditEntry? LastChange(QuotaScope scope)
    {
        using var connection = _database.Open();
        using var command = BotDatabase.Command(
            connection,
            "SELECT at, user_id, user_name, before_text, after_text, channel_id FROM dbot_quota_audit WHERE platform = @p AND workspace_id = @w AND (channel_id = @c OR channel_id = '') ORDER BY seq DESC LIMIT 1",
            Scope(scope));
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new QuotaAuditEntry(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), scope with { ChannelId = reader.GetString(5) }, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4))
            : null;
    }

    /// <summary>Every channel or workspace with a quota of its own, or with usage, for the <c>quotas</c> CLI verb.</summary>
    public IReadOnlyList<QuotaScope> Scopes()
    {
        using var connection = _database.Open();
        using var command = BotDatabase.Command(connection, "SELECT platform, workspace_id, channel_id FROM dbot_quotas UNION SELECT platform, workspace_id, channel_id FROM dbot_quota_usage ORDER BY 1, 2, 3");
        using var reader = command.ExecuteReader();
        var scopes = new List<QuotaScope>();
        while (reader.Read())
        {
            scopes.Add(new QuotaScope(reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }

        return scopes;
    }

    private static TimeSpan? Refusal(IReadOnlyList<Reserved> window, string? userId, int images, int limit, TimeSpan length, DateTimeOffset now)
    {
        var counted = userId is null ? window : [.. window.Where(r => r.UserId == userId)];
        var used = counted.Sum(r => r.Images);
        if (used + images <= limit)
        {
            return null;
        }

        if (images > limit)
        {
            return TimeSpan.MaxValue;
        }

        // Room comes back as the oldest reservations leave the window.
        var needed = used + images - limit;
        foreach (var reservation in counted)
        {
            needed -= reservation.Images;
            if (needed <= 0)
            {
                return reservation.At + length - now;
            }
        }

        return length;
    }

    private static List<Reserved> Reservations(DbConnection connection, DbTransaction? transaction, QuotaScope scope, DateTimeOffset since)
    {
        using var command = BotDatabase.Command(
            connection,
            "SELECT reserved_at, images, user_id FROM dbot_quota_usage WHERE platform = @p AND workspace_id = @w AND channel_id = @c AND released = 0 AND reserved_at > @since ORDER BY reserved_at",
            [.. Scope(scope), ("@since", since.ToUnixTimeMilliseconds())]);
        command.Transaction = transaction;
        using var reader = command.ExecuteReader();
        var list = new List<Reserved>();
        while (reader.Read())
        {
            list.Add(new Reserved(DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(0)), reader.GetInt32(1), reader.GetString(2)));
        }

        return list;
    }

    private static QuotaPolicy? Read(DbConnection connection, QuotaScope scope, DbTransaction? transaction = null)
    {
        using var command = BotDatabase.Command(
            connection,
            "SELECT off, images, user_images, window_seconds, max_steps, max_pixels FROM dbot_quotas WHERE platform = @p AND workspace_id = @w AND channel_id = @c",
            Scope(scope));
        command.Transaction = transaction;
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? new QuotaPolicy(
                reader.GetInt32(0) != 0,
                reader.IsDBNull(1) ? null : reader.GetInt32(1),
                reader.IsDBNull(2) ? null : reader.GetInt32(2),
                TimeSpan.FromSeconds(reader.GetInt64(3)),
                reader.IsDBNull(4) ? null : reader.GetInt32(4),
                reader.IsDBNull(5) ? null : reader.GetInt32(5))
            : null;
    }

    private static void Exec(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = BotDatabase.Command(connection, sql, parameters);
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private static (string Name, object? Value)[] Scope(QuotaScope scope) =>
        [("@p", scope.Platform), ("@w", scope.WorkspaceId), ("@c", scope.ChannelId)];

    private sealed record ReservationRequest(QuotaScope Scope, string UserId, string RequestId, int Images, QuotaPolicy Policy);

    private readonly record struct Reserved(DateTimeOffset At, int Images, string UserId);
}
