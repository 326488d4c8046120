using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Playground.Api;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Playground.Messages;

/// <summary>
/// The playground channel's messages, kept in the jobs database so a worker in another process can edit them and every
/// open page sees the edit. Each change takes the next value of one revision counter inside its transaction, so rows
/// become visible in revision order and a reader never skips one (a timestamp could tie, or commit out of order).
/// </summary>
internal sealed class PlaygroundMessageStore
{
    private const string Columns = "id, kind, text, parent_id, result_id, buttons, image_count, ephemeral, revision, updated_at";

    private readonly BotDatabase _database;
    private readonly TimeProvider _time;
    private readonly string _channel;

    public PlaygroundMessageStore(BotDatabase database, TimeProvider time, IOptions<PlaygroundOptions> options)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        _database = database;
        _time = time;
        _channel = options.Value.Channel;
        EnsureSchema();
    }

    public string Channel => _channel;

    /// <summary>Adds a message and returns its id.</summary>
    public long Insert(string kind, string text, long? parentId = null, bool ephemeral = false, StoredPicture? picture = null)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var id = InsertRow(connection, transaction, kind, text, parentId, null, [], picture is null ? 0 : 1, ephemeral, null)!.Value;
        if (picture is not null)
        {
            SavePicture(connection, transaction, id, 0, picture);
        }

        transaction.Commit();
        return id;
    }

    /// <summary>Replaces a message's text, and its kind when <paramref name="kind"/> is given (a status that became a refusal).</summary>
    public bool Update(long id, string text, string? kind = null, bool? ephemeral = null)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var changed = Touch(connection, transaction, id, text, kind, ephemeral, null);
        transaction.Commit();
        return changed;
    }

    /// <summary>Replaces a message's text and removes its pictures: a status whose live preview is over.</summary>
    public bool Finish(long id, string text)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var changed = Touch(connection, transaction, id, text, null, null, null, exactImages: 0);
        transaction.Commit();
        return changed;
    }

    /// <summary>Sets image <paramref name="index"/> of a message (the live preview of a status message) and its text.</summary>
    public bool SetPicture(long id, int index, StoredPicture picture, string text)
    {
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        if (!Touch(connection, transaction, id, text, null, null, index + 1))
        {
            return false;
        }

        SavePicture(connection, transaction, id, index, picture);
        transaction.Commit();
        return true;
    }

    /// <summary>
    /// Adds a result once per <paramref name="idempotencyKey"/>: a second call with the same key adds nothing and returns
    /// the first call's id, so a job rerun after a crash posts exactly once. The parent status gets
    /// <paramref name="parentStatus"/> as its text and <paramref name="parentPicture"/> (or no picture) in place of its
    /// live preview.
    /// </summary>
    public (long Id, bool Created) InsertResult(
        string idempotencyKey,
        long? parentId,
        string text,
        string resultId,
        IReadOnlyList<PlaygroundButton> buttons,
        IReadOnlyList<StoredPicture> pictures,
        string? parentStatus,
        StoredPicture? parentPicture = null)
    {
        ArgumentNullException.ThrowIfNull(pictures);
        using var connection = _database.Open();
        using var transaction = connection.BeginTransaction();
        var id = InsertRow(connection, transaction, MessageKind.Result, text, parentId, resultId, buttons, pictures.Count, false, idempotencyKey);
        if (id is null)
        {
            transaction.Rollback();
            using var existing = BotDatabase.Command(connection, "SELECT id FROM dbot_playground_messages WHERE idempotency_key = @key", ("@key", idempotencyKey));
            return (Convert.ToInt64(existing.ExecuteScalar(), CultureInfo.InvariantCulture), false);
        }

        for (var i = 0; i < pictures.Count; i++)
        {
            SavePicture(connection, transaction, id.Value, i, pictures[i]);
        }

        if (parentId is { } parent && parentStatus is not null
            && Touch(connection, transaction, parent, parentStatus, null, null, null, exactImages: parentPicture is null ? 0 : 1)
            && parentPicture is not null)
        {
            SavePicture(connection, transaction, parent, 0, parentPicture);
        }

        transaction.Commit();
        return (id.Value, true);
    }

    /// <summary>The highest revision written so far.</summary>
    public long CurrentRevision()
    {
        using var connection = _database.Open();
        using var command = BotDatabase.Command(connection, "SELECT value FROM dbot_playground_revision WHERE id = 1");
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>Messages created or changed after <paramref name="revision"/>, oldest change first.</summary>
    public IReadOnlyList<PlaygroundMessage> Since(long revision, int limit) => Query(
        $"SELECT {Columns} FROM dbot_playground_messages WHERE channel = @channel AND revision > @revision ORDER BY revision LIMIT @limit",
        ("@channel", _channel),
        ("@revision", revision),
        ("@limit", limit));

    /// <summary>The newest <paramref name="limit"/> messages, oldest first.</summary>
    public IReadOnlyList<PlaygroundMessage> Latest(int limit)
    {
        var newest = Query(
            $"SELECT {Columns} FROM dbot_playground_messages WHERE channel = @channel ORDER BY id DESC LIMIT @limit",
            ("@channel", _channel),
            ("@limit", limit));
        newest.Reverse();
        return newest;
    }

    public PlaygroundMessage? Get(long id) => Query($"SELECT {Columns} FROM dbot_playground_messages WHERE id = @id", ("@id", id)).SingleOrDefault();

    public StoredPicture? Picture(long messageId, int index)
    {
        using var connection = _database.Open();
        using var command = BotDatabase.Command(
            connection,
            "SELECT content_type, bytes FROM dbot_playground_images WHERE message_id = @id AND idx = @idx",
            ("@id", messageId),
            ("@idx", index));
        using var reader = command.ExecuteReader();
        return reader.Read() ? new StoredPicture(reader.GetString(0), (byte[])reader.GetValue(1)) : null;
    }

    private long? InsertRow(
        DbConnection connection,
        DbTransaction transaction,
        string kind,
        string text,
        long? parentId,
        string? resultId,
        IReadOnlyList<PlaygroundButton> buttons,
        int imageCount,
        bool ephemeral,
        string? idempotencyKey)
    {
        var revision = NextRevision(connection, transaction);
        using var command = BotDatabase.Command(
            connection,
            """
            INSERT INTO dbot_playground_messages (channel, kind, text, parent_id, result_id, buttons, image_count, ephemeral, revision, updated_at, idempotency_key)
            VALUES (@channel, @kind, @text, @parent, @result, @buttons, @images, @ephemeral, @revision, @now, @key)
            ON CONFLICT (idempotency_key) DO NOTHING
            RETURNING id
            """,
            ("@channel", _channel),
            ("@kind", kind),
            ("@text", text),
            ("@parent", parentId),
            ("@result", resultId),
            ("@buttons", JsonSerializer.Serialize(buttons, PlaygroundJsonContext.Default.IReadOnlyListPlaygroundButton)),
            ("@images", imageCount),
            ("@ephemeral", ephemeral ? 1 : 0),
            ("@revision", revision),
            ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()),
            ("@key", idempotencyKey));
        command.Transaction = transaction;
        return command.ExecuteScalar() is { } id and not DBNull ? Convert.ToInt64(id, CultureInfo.InvariantCulture) : null;
    }

    /// <param name="minImages">Raises the image count to at least this (a preview added).</param>
    /// <param name="exactImages">Sets the image count and deletes the pictures beyond it (a preview taken away).</param>
    private bool Touch(DbConnection connection, DbTransaction transaction, long id, string text, string? kind, bool? ephemeral, int? minImages, int? exactImages = null)
    {
        var revision = NextRevision(connection, transaction);
        using var command = BotDatabase.Command(
            connection,
            """
            UPDATE dbot_playground_messages
            SET text = @text, kind = COALESCE(@kind, kind), ephemeral = COALESCE(@ephemeral, ephemeral),
                image_count = CASE WHEN @exact >= 0 THEN @exact WHEN @images > image_count THEN @images ELSE image_count END,
                revision = @revision, updated_at = @now
            WHERE id = @id
            """,
            ("@text", text),
            ("@kind", kind),
            ("@ephemeral", ephemeral is null ? null : ephemeral.Value ? 1 : 0),
            ("@exact", exactImages ?? -1),
            ("@images", minImages ?? 0),
            ("@revision", revision),
            ("@now", _time.GetUtcNow().ToUnixTimeMilliseconds()),
            ("@id", id));
        command.Transaction = transaction;
        if (command.ExecuteNonQuery() != 1)
        {
            return false;
        }

        if (exactImages is { } count)
        {
            using var delete = BotDatabase.Command(
                connection, "DELETE FROM dbot_playground_images WHERE message_id = @id AND idx >= @count", ("@id", id), ("@count", count));
            delete.Transaction = transaction;
            delete.ExecuteNonQuery();
        }

        return true;
    }

    private static long NextRevision(DbConnection connection, DbTransaction transaction)
    {
        using var command = BotDatabase.Command(connection, "UPDATE dbot_playground_revision SET value = value + 1 WHERE id = 1 RETURNING value");
        command.Transaction = transaction;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void SavePicture(DbConnection connection, DbTransaction transaction, long messageId, int index, StoredPicture picture)
    {
        using var command = BotDatabase.Command(
            connection,
            """
            INSERT INTO dbot_playground_images (message_id, idx, content_type, bytes) VALUES (@id, @idx, @type, @bytes)
            ON CONFLICT (message_id, idx) DO UPDATE SET content_type = excluded.content_type, bytes = excluded.bytes
            """,
            ("@id", messageId),
            ("@idx", index),
            ("@type", picture.ContentType),
            ("@bytes", picture.Bytes));
        command.Transaction = transaction;
        command.ExecuteNonQuery();
    }

    private List<PlaygroundMessage> Query(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = _database.Open();
        using var command = BotDatabase.Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var messages = new List<PlaygroundMessage>();
        while (reader.Read())
        {
            messages.Add(new PlaygroundMessage(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                JsonSerializer.Deserialize(reader.GetString(5), PlaygroundJsonContext.Default.IReadOnlyListPlaygroundButton) ?? [],
                reader.GetInt32(6),
                reader.GetInt32(7) != 0,
                reader.GetInt64(8),
                reader.GetInt64(9)));
        }

        return messages;
    }

    private void EnsureSchema() => _database.EnsureTables(CreateTables);

    private void CreateTables(DbConnection connection)
    {
        var d = _database.Dialect;
        BotDatabase.Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS dbot_playground_messages (
              id {d.AutoIncrementKey},
              channel TEXT NOT NULL,
              kind TEXT NOT NULL,
              text TEXT NOT NULL,
              parent_id {d.BigInt} NULL,
              result_id TEXT NULL,
              buttons TEXT NOT NULL,
              image_count INTEGER NOT NULL,
              ephemeral INTEGER NOT NULL,
              revision {d.BigInt} NOT NULL,
              updated_at {d.BigInt} NOT NULL,
              idempotency_key TEXT NULL UNIQUE);
            """);
        BotDatabase.Execute(connection, "CREATE INDEX IF NOT EXISTS dbot_playground_messages_revision ON dbot_playground_messages (channel, revision);");
        BotDatabase.Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS dbot_playground_images (
              message_id {d.BigInt} NOT NULL,
              idx INTEGER NOT NULL,
              content_type TEXT NOT NULL,
              bytes {d.Blob} NOT NULL,
              PRIMARY KEY (message_id, idx));
            """);
        BotDatabase.Execute(connection, $"CREATE TABLE IF NOT EXISTS dbot_playground_revision (id INTEGER PRIMARY KEY, value {d.BigInt} NOT NULL);");
        BotDatabase.Execute(connection, "INSERT INTO dbot_playground_revision (id, value) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;");
    }
}
