namespace DiffusionBot.Chat.Storage;

/// <summary>
/// Deletes finished requests created before a cutoff, with their images, post ledger and message map, so the
/// database stops growing. Waiting or running requests are never touched, however old.
/// </summary>
public sealed class RetentionPurge(BotDatabase database)
{
    private const string Expired = "SELECT id FROM dbot_requests WHERE created_at < @cutoff AND status IN ('done', 'failed', 'cancelled')";

    /// <summary>Removes everything of the finished requests created before <paramref name="cutoff"/>; returns the rows removed per table.</summary>
    public PurgeCounts Purge(DateTimeOffset cutoff)
    {
        var at = cutoff.ToUnixTimeMilliseconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        int Delete(string sql)
        {
            using var command = BotDatabase.Command(connection, sql, ("@cutoff", at));
            command.Transaction = transaction;
            return command.ExecuteNonQuery();
        }

        var images = Delete($"DELETE FROM dbot_images WHERE request_id IN ({Expired})");
        var messages = Delete($"DELETE FROM dbot_messages WHERE request_id IN ({Expired})");
        var posts = Delete($"DELETE FROM dbot_posts WHERE request_id IN ({Expired})");
        var requests = Delete("DELETE FROM dbot_requests WHERE created_at < @cutoff AND status IN ('done', 'failed', 'cancelled')");
        transaction.Commit();
        return new PurgeCounts(requests, images, messages, posts);
    }
}
