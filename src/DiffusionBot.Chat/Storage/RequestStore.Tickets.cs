using System.Data.Common;

namespace DiffusionBot.Chat.Storage;

/// <summary>
/// Which queue job stands for which request. Every job carries a ticket (its only argument); a request holds the
/// ticket of the job bound to it. A job runs the next request in the fair order, which need not be the one it was
/// queued for, so claiming swaps tickets (and job ids): afterwards each job names the request it actually runs, and
/// the request it was queued for is bound to the job the claimed one had, still waiting in the queue.
/// </summary>
public sealed partial class RequestStore
{
    /// <summary>The request bound to the job holding <paramref name="ticket"/>, or null when none is.</summary>
    public StoredRequest? ForTicket(string ticket)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, $"SELECT {Columns} FROM dbot_requests WHERE job_ticket = @ticket ORDER BY seq DESC LIMIT 1", ("@ticket", ticket));
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>The queue job last recorded for a request (null when none).</summary>
    public string? JobOf(string id)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, "SELECT job_id FROM dbot_requests WHERE id = @id", ("@id", id));
        return command.ExecuteScalar() as string;
    }

    /// <summary>Requests waiting for a worker (for the queue-depth gauge).</summary>
    public long QueuedCount()
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, "SELECT COUNT(*) FROM dbot_requests WHERE status = 'queued'");
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Moves <paramref name="ticket"/> to <paramref name="claimed"/>. A request still waiting that held it takes the
    /// claimed request's ticket and job in exchange; a finished one (cancelled before its job started) keeps none.
    /// </summary>
    private void BindTicket(string ticket, StoredRequest claimed)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        string? holder = null;
        string? holderJob = null;
        var holderWaits = false;
        using (var find = BotDatabase.Command(connection, "SELECT id, job_id, status FROM dbot_requests WHERE job_ticket = @ticket AND id <> @claimed ORDER BY seq DESC LIMIT 1", ("@ticket", ticket), ("@claimed", claimed.Id)))
        {
            find.Transaction = transaction;
            using var reader = find.ExecuteReader();
            if (reader.Read())
            {
                holder = reader.GetString(0);
                holderJob = reader.IsDBNull(1) ? null : reader.GetString(1);
                holderWaits = reader.GetString(2) == RequestStatus.Queued;
            }
        }

        string? claimedJob;
        using (var job = BotDatabase.Command(connection, "SELECT job_id FROM dbot_requests WHERE id = @id", ("@id", claimed.Id)))
        {
            job.Transaction = transaction;
            claimedJob = job.ExecuteScalar() as string;
        }

        if (holder is not null && holderWaits)
        {
            Execute(connection, transaction, "UPDATE dbot_requests SET job_ticket = @ticket, job_id = @job WHERE id = @id", ("@ticket", claimed.JobTicket), ("@job", claimedJob), ("@id", holder));
        }
        else if (holder is not null)
        {
            Execute(connection, transaction, "UPDATE dbot_requests SET job_ticket = NULL WHERE job_ticket = @ticket AND id <> @claimed", ("@ticket", ticket), ("@claimed", claimed.Id));
            holderJob = null;
        }

        Execute(connection, transaction, "UPDATE dbot_requests SET job_ticket = @ticket, job_id = COALESCE(@job, job_id) WHERE id = @id", ("@ticket", ticket), ("@job", holderJob), ("@id", claimed.Id));
        transaction.Commit();
    }

    private static void Execute(DbConnection connection, DbTransaction transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = BotDatabase.Command(connection, sql, parameters);
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }
}
