using System.Data.Common;

namespace DiffusionBot.Chat.Storage;

/// <summary>
/// Requests and their lifecycle. A worker claims a request with a lease it keeps renewing; a claim
/// succeeds only on a queued request or one whose lease ran out (its worker died), so exactly one
/// live worker runs a request at a time, in any number of processes.
/// </summary>
public sealed partial class RequestStore(BotDatabase database, TimeProvider time)
{
    private const string Columns = "id, seq, created_at, kind, platform, workspace_id, channel_id, user_id, origin_json, spec_json, init_image, parent_id, status, error, trace_parent, job_ticket";

    public void Insert(StoredRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var connection = database.Open();
        BotDatabase.Execute(
            connection,
            """
            INSERT INTO dbot_requests (id, created_at, kind, platform, workspace_id, channel_id, user_id, origin_json, spec_json, init_image, parent_id, status, trace_parent, job_ticket)
            VALUES (@id, @created, @kind, @platform, @workspace, @channel, @user, @origin, @spec, @init, @parent, @status, @trace, @ticket)
            """,
            ("@id", request.Id),
            ("@created", request.CreatedAt.ToUnixTimeMilliseconds()),
            ("@kind", request.Kind),
            ("@platform", request.Platform),
            ("@workspace", request.WorkspaceId),
            ("@channel", request.ChannelId),
            ("@user", request.UserId),
            ("@origin", request.OriginJson),
            ("@spec", request.SpecJson),
            ("@init", request.InitImage),
            ("@parent", request.ParentId),
            ("@status", request.Status),
            ("@trace", request.TraceParent),
            ("@ticket", request.JobTicket));
    }

    public StoredRequest? Get(string id)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, $"SELECT {Columns} FROM dbot_requests WHERE id = @id", ("@id", id));
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>The newest request of a user that is queued or running, for <c>Cancel</c> without an id.</summary>
    public StoredRequest? LatestActive(string platform, string userId)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(
            connection,
            $"SELECT {Columns} FROM dbot_requests WHERE platform = @platform AND user_id = @user AND status IN ('queued', 'running') ORDER BY seq DESC LIMIT 1",
            ("@platform", platform),
            ("@user", userId));
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Takes a request for <paramref name="owner"/> when it is queued or its lease ran out; null otherwise.</summary>
    /// <remarks>
    /// The lease is stamped and compared on the database's clock, so a host whose clock runs ahead
    /// cannot see a live worker's lease as run out. Stamps <c>started_at</c>, so a request taken over
    /// from a dead worker shows its latest start.
    /// </remarks>
    public ClaimedRequest? TryClaim(string id, string owner, TimeSpan lease)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(
            connection,
            $"""
            UPDATE dbot_requests SET status = 'running', lease_owner = @owner, lease_until = {Now} + @lease, attempts = attempts + 1, started_at = @started
            WHERE id = @id AND (status = 'queued' OR (status IN ('running', 'cancelling') AND lease_until < {Now}))
            RETURNING {Columns}, attempts
            """,
            ("@owner", owner),
            ("@lease", (long)lease.TotalMilliseconds),
            ("@id", id),
            ("@started", time.GetUtcNow().ToUnixTimeMilliseconds()));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new ClaimedRequest(Read(reader), reader.GetInt32(16)) : null;
    }

    /// <summary>
    /// Extends the lease while <paramref name="owner"/> still holds the request; returns its status
    /// (<c>running</c>, or <c>cancelling</c> when a cancel was asked), or null when the request is no
    /// longer this owner's: another worker took it over, so this one must stop without posting.
    /// </summary>
    public string? RenewLease(string id, string owner, TimeSpan lease)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(
            connection,
            $"UPDATE dbot_requests SET lease_until = {Now} + @lease WHERE id = @id AND lease_owner = @owner AND status IN ('running', 'cancelling') RETURNING status",
            ("@lease", (long)lease.TotalMilliseconds),
            ("@id", id),
            ("@owner", owner));
        return command.ExecuteScalar() as string;
    }

    /// <summary>Gives a request back to the queue (the worker is shutting down); the sweeper queues a fresh job for it.</summary>
    /// <remarks>A request whose cancel is pending ends as cancelled instead. Returns the status it was left in, or null when this owner no longer held it.</remarks>
    public string? Release(string id, string owner)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(
            connection,
            """
            UPDATE dbot_requests SET
              status = CASE WHEN status = 'cancelling' THEN 'cancelled' ELSE 'queued' END,
              finished_at = CASE WHEN status = 'cancelling' THEN @now ELSE finished_at END,
              job_id = CASE WHEN status = 'cancelling' THEN job_id ELSE NULL END,
              lease_owner = NULL, lease_until = NULL
            WHERE id = @id AND lease_owner = @owner AND status IN ('running', 'cancelling')
            RETURNING status
            """,
            ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()),
            ("@id", id),
            ("@owner", owner));
        return command.ExecuteScalar() as string;
    }

    /// <summary>Ends a request this owner still holds; false (and nothing changed) when another worker took it over.</summary>
    public bool Finish(string id, string owner, string status, string? error = null)
    {
        using var connection = database.Open();
        return BotDatabase.Execute(
            connection,
            "UPDATE dbot_requests SET status = @status, error = @error, lease_owner = NULL, lease_until = NULL, finished_at = @now WHERE id = @id AND lease_owner = @owner AND status IN ('running', 'cancelling')",
            ("@status", status),
            ("@error", error),
            ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()),
            ("@id", id),
            ("@owner", owner)) == 1;
    }

    /// <summary>Asks for a cancel: a queued request is cancelled at once, a running one when its worker next looks.</summary>
    public string? RequestCancel(string id)
    {
        using var connection = database.Open();
        if (BotDatabase.Execute(connection, "UPDATE dbot_requests SET status = 'cancelled', finished_at = @now WHERE id = @id AND status = 'queued'", ("@id", id), ("@now", time.GetUtcNow().ToUnixTimeMilliseconds())) == 1)
        {
            return RequestStatus.Cancelled;
        }

        return BotDatabase.Execute(connection, "UPDATE dbot_requests SET status = 'cancelling' WHERE id = @id AND status = 'running'", ("@id", id)) == 1
            ? RequestStatus.Cancelling
            : null;
    }

    public string? Status(string id)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, "SELECT status FROM dbot_requests WHERE id = @id", ("@id", id));
        return command.ExecuteScalar() as string;
    }

    /// <summary>When a request was created, last claimed by a worker and finished; null when there is no such request.</summary>
    public RequestTiming? Timing(string id)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, "SELECT created_at, started_at, finished_at FROM dbot_requests WHERE id = @id", ("@id", id));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new RequestTiming(Time(reader, 0)!.Value, Time(reader, 1), Time(reader, 2)) : null;
    }

    /// <summary>Queued and running requests of one user.</summary>
    public int ActiveCount(string platform, string userId)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(
            connection,
            "SELECT COUNT(*) FROM dbot_requests WHERE platform = @platform AND user_id = @user AND status IN ('queued', 'running', 'cancelling')",
            ("@platform", platform),
            ("@user", userId));
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Where a request stands: the jobs running now plus its place in the fair order, so 1 means
    /// it starts at once; 0 when it is not waiting.
    /// </summary>
    public int QueuePosition(string id)
    {
        var order = FairOrder();
        var index = order.IndexOf(id);
        if (index < 0)
        {
            return 0;
        }

        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, "SELECT COUNT(*) FROM dbot_requests WHERE status IN ('running', 'cancelling')");
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) + index + 1;
    }

    /// <summary>
    /// Claims the next request in the fair order (see <see cref="FairQueue"/>); null when none is waiting. The job
    /// holding <paramref name="ticket"/> becomes the one bound to the claimed request (see <see cref="BindTicket"/>).
    /// </summary>
    public ClaimedRequest? ClaimNext(string owner, TimeSpan lease, string? ticket = null)
    {
        foreach (var id in FairOrder())
        {
            if (TryClaim(id, owner, lease) is { } claimed)
            {
                if (ticket is not null && claimed.Request.JobTicket != ticket)
                {
                    BindTicket(ticket, claimed.Request);
                }

                return claimed;
            }
        }

        return null;
    }

    /// <summary>The waiting requests in the order workers take them.</summary>
    public List<string> FairOrder()
    {
        using var connection = database.Open();
        var waiting = new List<FairQueue.Waiting>();
        using (var command = BotDatabase.Command(connection, "SELECT id, platform, user_id FROM dbot_requests WHERE status = 'queued' ORDER BY seq"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                waiting.Add(new FairQueue.Waiting(reader.GetString(0), $"{reader.GetString(1)}/{reader.GetString(2)}"));
            }
        }

        if (waiting.Count <= 1)
        {
            return [.. waiting.Select(w => w.Id)];
        }

        var lastStarted = new Dictionary<string, long>();
        using (var command = BotDatabase.Command(
            connection,
            "SELECT platform, user_id, MAX(started_at) FROM dbot_requests WHERE started_at IS NOT NULL AND user_id IN (SELECT user_id FROM dbot_requests WHERE status = 'queued') GROUP BY platform, user_id"))
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                lastStarted[$"{reader.GetString(0)}/{reader.GetString(1)}"] = reader.GetInt64(2);
            }
        }

        return FairQueue.Order(waiting, lastStarted);
    }

    /// <summary>
    /// Puts a request whose worker died back in the queue, without a job (the sweeper gives it one),
    /// or ends it when a cancel was asked. Only the one caller that changed it learns so, so only
    /// that caller queues a job or gives the quota back.
    /// </summary>
    public OrphanOutcome RequeueOrphan(string id)
    {
        using var connection = database.Open();
        if (BotDatabase.Execute(
            connection,
            $"UPDATE dbot_requests SET status = 'cancelled', lease_owner = NULL, lease_until = NULL, finished_at = @finished WHERE id = @id AND status = 'cancelling' AND lease_until < {Now}",
            ("@id", id),
            ("@finished", time.GetUtcNow().ToUnixTimeMilliseconds())) == 1)
        {
            return OrphanOutcome.Cancelled;
        }

        return BotDatabase.Execute(
            connection,
            $"UPDATE dbot_requests SET status = 'queued', lease_owner = NULL, lease_until = NULL, job_id = NULL WHERE id = @id AND status = 'running' AND lease_until < {Now}",
            ("@id", id)) == 1
            ? OrphanOutcome.Requeued
            : OrphanOutcome.None;
    }

    /// <summary>Running requests whose worker stopped renewing its lease (it crashed or was killed).</summary>
    public IReadOnlyList<string> Orphaned()
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, $"SELECT id FROM dbot_requests WHERE status IN ('running', 'cancelling') AND lease_until < {Now} ORDER BY seq");
        using var reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>
    /// Queued requests and the queue job last recorded for each, for the sweeper to check. A request
    /// without a job shows only once it is older than <paramref name="grace"/>: until then its
    /// dispatcher may still be queuing it.
    /// </summary>
    public IReadOnlyList<QueuedJob> QueuedJobs(TimeSpan grace)
    {
        var cutoff = (time.GetUtcNow() - grace).ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var command = BotDatabase.Command(
            connection,
            "SELECT id, job_id FROM dbot_requests WHERE status = 'queued' AND (job_id IS NOT NULL OR created_at < @cutoff) ORDER BY seq",
            ("@cutoff", cutoff));
        using var reader = command.ExecuteReader();
        var queued = new List<QueuedJob>();
        while (reader.Read())
        {
            queued.Add(new QueuedJob(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }

        return queued;
    }

    /// <summary>
    /// Records <paramref name="jobId"/> as the job that will run a queued request, when its job is
    /// still <paramref name="expected"/> (null: none yet); false when someone else changed it first.
    /// </summary>
    public bool AssignJob(string id, string? expected, string jobId, string? ticket = null)
    {
        using var connection = database.Open();
        return BotDatabase.Execute(
            connection,
            "UPDATE dbot_requests SET job_id = @job, job_ticket = COALESCE(@ticket, job_ticket) WHERE id = @id AND status = 'queued' AND COALESCE(job_id, '') = @expected",
            ("@job", jobId),
            ("@ticket", ticket),
            ("@id", id),
            ("@expected", expected ?? "")) == 1;
    }

    private string Now => database.Dialect.NowMilliseconds;

    private static DateTimeOffset? Time(DbDataReader r, int column) =>
        r.IsDBNull(column) ? null : DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(column));

    private static StoredRequest Read(DbDataReader r) => new(
        r.GetString(0),
        r.GetInt64(1),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
        r.GetString(3),
        r.GetString(4),
        r.GetString(5),
        r.GetString(6),
        r.GetString(7),
        r.GetString(8),
        r.GetString(9),
        r.IsDBNull(10) ? null : (byte[])r.GetValue(10),
        r.IsDBNull(11) ? null : r.GetString(11),
        r.GetString(12),
        r.IsDBNull(13) ? null : r.GetString(13),
        r.IsDBNull(14) ? null : r.GetString(14),
        r.IsDBNull(15) ? null : r.GetString(15));
}
