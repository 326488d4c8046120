using Hangfire.Storage.SQLite;
using SQLite;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// Hangfire's SQLite storage on the bot's database file, with the same durability as the bot's own
/// connections: WAL with <c>synchronous = NORMAL</c> (the storage's default leaves it at FULL, an
/// fsync on every commit, which every enqueue and state change of a job paid on the ack path).
/// </summary>
internal static class HangfireSqliteStorage
{
    private static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    public static SQLiteStorage Create(string file, SQLiteStorageOptions options) => new(
        new SQLiteDbConnectionFactory(() => Open(file)),
        options);

    private static SQLiteConnection Open(string file)
    {
        var connection = new SQLiteConnection(file, SQLiteOpenFlags.ReadWrite | SQLiteOpenFlags.Create | SQLiteOpenFlags.NoMutex, storeDateTimeAsTicks: true)
        {
            BusyTimeout = BusyTimeout,
        };

        // In WAL mode NORMAL skips the fsync per commit; a crash of the process loses nothing,
        // only an OS crash or power cut can lose the last commits.
        connection.ExecuteScalar<string>("PRAGMA synchronous = NORMAL");
        return connection;
    }
}
