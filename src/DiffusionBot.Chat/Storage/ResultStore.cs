namespace DiffusionBot.Chat.Storage;

/// <summary>
/// Generated images, what was posted where, and which chat messages show which result — so a rerun
/// after a crash posts nothing twice, and reactions and buttons keep working after a restart.
/// </summary>
public sealed class ResultStore(BotDatabase database, TimeProvider time)
{
    /// <summary>Saves a request's images; saving the same request again changes nothing.</summary>
    public void SaveImages(string requestId, IReadOnlyList<StoredImage> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        foreach (var image in images)
        {
            using var command = BotDatabase.Command(
                connection,
                "INSERT INTO dbot_images (request_id, idx, seed, nsfw, png) VALUES (@id, @idx, @seed, @nsfw, @png) ON CONFLICT (request_id, idx) DO NOTHING",
                ("@id", requestId),
                ("@idx", image.Index),
                ("@seed", image.Seed),
                ("@nsfw", image.NsfwFlagged ? 1 : 0),
                ("@png", image.Png));
            command.Transaction = transaction;
            command.ExecuteNonQuery();
        }

        transaction.Commit();
    }

    public IReadOnlyList<StoredImage> Images(string requestId)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, "SELECT idx, seed, nsfw, png FROM dbot_images WHERE request_id = @id ORDER BY idx", ("@id", requestId));
        using var reader = command.ExecuteReader();
        var images = new List<StoredImage>();
        while (reader.Read())
        {
            images.Add(new StoredImage(reader.GetInt32(0), reader.GetInt64(1), reader.GetInt32(2) != 0, (byte[])reader.GetValue(3)));
        }

        return images;
    }

    public bool HasImages(string requestId)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, "SELECT 1 FROM dbot_images WHERE request_id = @id LIMIT 1", ("@id", requestId));
        return command.ExecuteScalar() is not null;
    }

    /// <summary>The message ids recorded for a post of <paramref name="kind"/>, or null when it was not posted yet.</summary>
    public string? PostedMessages(string requestId, string kind)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, "SELECT message_ids FROM dbot_posts WHERE request_id = @id AND kind = @kind", ("@id", requestId), ("@kind", kind));
        return command.ExecuteScalar() as string;
    }

    /// <summary>Records a post; false when one was recorded already (another worker got there first).</summary>
    public bool RecordPost(string requestId, string kind, string messageIds)
    {
        using var connection = database.Open();
        return BotDatabase.Execute(
            connection,
            "INSERT INTO dbot_posts (request_id, kind, posted_at, message_ids) VALUES (@id, @kind, @now, @ids) ON CONFLICT (request_id, kind) DO NOTHING",
            ("@id", requestId),
            ("@kind", kind),
            ("@now", time.GetUtcNow().ToUnixTimeMilliseconds()),
            ("@ids", messageIds)) == 1;
    }

    public int PostCount(string requestId, string kind)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, "SELECT COUNT(*) FROM dbot_posts WHERE request_id = @id AND kind = @kind", ("@id", requestId), ("@kind", kind));
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Remembers that a chat message shows a request's result (for reactions, buttons and replies).</summary>
    public void MapMessage(string platform, string channelId, string messageId, string requestId)
    {
        using var connection = database.Open();
        BotDatabase.Execute(
            connection,
            "INSERT INTO dbot_messages (platform, channel_id, message_id, request_id) VALUES (@p, @c, @m, @r) ON CONFLICT (platform, channel_id, message_id) DO NOTHING",
            ("@p", platform),
            ("@c", channelId),
            ("@m", messageId),
            ("@r", requestId));
    }

    public string? RequestForMessage(string platform, string channelId, string messageId)
    {
        using var connection = database.Open();
        using var command = BotDatabase.Command(connection, "SELECT request_id FROM dbot_messages WHERE platform = @p AND channel_id = @c AND message_id = @m", ("@p", platform), ("@c", channelId), ("@m", messageId));
        return command.ExecuteScalar() as string;
    }
}
