using System.Data.Common;
using DiffusionBot.Chat.Jobs;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace DiffusionBot.Chat.Storage;

/// <summary>
/// The jobs database (the same one Hangfire uses): opens connections and creates the bot's own
/// tables. SQLite by default, PostgreSQL for several processes.
/// </summary>
public sealed class BotDatabase
{
    private readonly string _connectionString;

    public BotDatabase(JobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dialect = options.Storage == JobsOptions.PostgreSql ? SqlDialect.PostgreSql : SqlDialect.Sqlite;
        _connectionString = Dialect == SqlDialect.Sqlite ? SqliteConnectionString(options.ConnectionString) : options.ConnectionString;
        EnsureSchema();
    }

    private readonly FifoGate _sqliteWriter = new();

    internal SqlDialect Dialect { get; }

    /// <summary>
    /// On SQLite, queues this process's writers for the single database write lock in arrival order,
    /// instead of leaving them to SQLite's sleeping busy handler (which makes long tails under
    /// contention); BEGIN IMMEDIATE still excludes other processes. A no-op on PostgreSQL.
    /// </summary>
    internal IDisposable EnterWriter()
    {
        if (Dialect != SqlDialect.Sqlite)
        {
            return NoGate.Instance;
        }

        _sqliteWriter.Enter();
        return new HeldGate(_sqliteWriter);
    }

    /// <summary>The SQLite file path, for Hangfire's SQLite storage (null on PostgreSQL).</summary>
    public string? SqliteFile => Dialect == SqlDialect.Sqlite ? new SqliteConnectionStringBuilder(_connectionString).DataSource : null;

    public DbConnection Open()
    {
        DbConnection connection = Dialect == SqlDialect.Sqlite ? new SqliteConnection(_connectionString) : new NpgsqlConnection(_connectionString);
        connection.Open();
        if (Dialect == SqlDialect.Sqlite)
        {
            // In WAL mode NORMAL skips the fsync per commit; a crash of the process loses nothing,
            // only an OS crash or power cut can lose the last commits.
            Execute(connection, "PRAGMA busy_timeout = 10000; PRAGMA synchronous = NORMAL;");
        }

        return connection;
    }

    /// <summary>
    /// A transaction that holds <paramref name="key"/> exclusively until it ends, across processes:
    /// an advisory lock on PostgreSQL, the database's write lock (BEGIN IMMEDIATE) on SQLite.
    /// </summary>
    internal DbTransaction BeginExclusive(DbConnection connection, string key) => BeginExclusive(connection, [key]);

    /// <summary>Holds several keys at once; they are taken in one sorted order so two holders never deadlock.</summary>
    internal DbTransaction BeginExclusive(DbConnection connection, IEnumerable<string> keys)
    {
        var transaction = connection.BeginTransaction();
        if (Dialect == SqlDialect.PostgreSql)
        {
            foreach (var key in keys.Distinct().Order(StringComparer.Ordinal))
            {
                using var command = Command(connection, "SELECT pg_advisory_xact_lock(hashtext(@key))", ("@key", key));
                command.Transaction = transaction;
                command.ExecuteScalar();
            }
        }

        return transaction;
    }

    internal static int Execute(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        return command.ExecuteNonQuery();
    }

    internal static DbCommand Command(DbConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private sealed class HeldGate(FifoGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Exit();
            }
        }
    }

    /// <summary>A ticket lock: writers enter in arrival order, so none waits behind a stream of later arrivals.</summary>
    private sealed class FifoGate
    {
        private readonly object _sync = new();
        private long _nextTicket;
        private long _serving;

        public void Enter()
        {
            lock (_sync)
            {
                var ticket = _nextTicket++;
                while (ticket != _serving)
                {
                    Monitor.Wait(_sync);
                }
            }
        }

        public void Exit()
        {
            lock (_sync)
            {
                _serving++;
                Monitor.PulseAll(_sync);
            }
        }
    }

    private sealed class NoGate : IDisposable
    {
        public static readonly NoGate Instance = new();

        public void Dispose()
        {
        }
    }

    private static string SqliteConnectionString(string connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var folder = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (folder is not null)
        {
            Directory.CreateDirectory(folder);
        }

        builder.DefaultTimeout = 30;
        return builder.ToString();
    }

    /// <summary>
    /// Runs schema statements. On PostgreSQL they run under a session advisory lock:
    /// <c>CREATE … IF NOT EXISTS</c> is not atomic there, and processes starting together would
    /// otherwise fail on each other's half-created tables. Each statement still commits on its own,
    /// so no table lock is held while a running process reserves or queues. SQLite's write lock
    /// already serialises them.
    /// </summary>
    internal void EnsureTables(Action<DbConnection> create)
    {
        ArgumentNullException.ThrowIfNull(create);
        using var connection = Open();
        if (Dialect != SqlDialect.PostgreSql)
        {
            create(connection);
            return;
        }

        Execute(connection, "SELECT pg_advisory_lock(hashtext('dbot-schema'))");
        try
        {
            create(connection);
        }
        finally
        {
            Execute(connection, "SELECT pg_advisory_unlock(hashtext('dbot-schema'))");
        }
    }

    private void EnsureSchema()
    {
        if (Dialect == SqlDialect.Sqlite)
        {
            using var sqlite = Open();
            Execute(sqlite, "PRAGMA journal_mode = WAL;");
        }

        EnsureTables(CreateTables);
    }

    /// <summary>Brings a database made by an older version up to date (SQLite has no <c>ADD COLUMN IF NOT EXISTS</c>).</summary>
    private void AddColumnIfMissing(DbConnection connection, string table, string column, string definition)
    {
        if (Dialect == SqlDialect.PostgreSql)
        {
            Execute(connection, $"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {column} {definition}");
            return;
        }

        using var command = Command(connection, $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = @column", ("@column", column));
        if (Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 0)
        {
            try
            {
                Execute(connection, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
            }
            catch (SqliteException e) when (e.Message.Contains("duplicate column", StringComparison.Ordinal))
            {
                // Another process starting at the same moment added it first.
            }
        }
    }

    private void CreateTables(DbConnection connection)
    {
        var d = Dialect;
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS dbot_requests (
              seq {d.AutoIncrementKey},
              id TEXT NOT NULL UNIQUE,
              created_at {d.BigInt} NOT NULL,
              kind TEXT NOT NULL,
              platform TEXT NOT NULL,
              workspace_id TEXT NOT NULL,
              channel_id TEXT NOT NULL,
              user_id TEXT NOT NULL,
              origin_json TEXT NOT NULL,
              spec_json TEXT NOT NULL,
              init_image {d.Blob} NULL,
              parent_id TEXT NULL,
              status TEXT NOT NULL,
              lease_owner TEXT NULL,
              lease_until {d.BigInt} NULL,
              attempts INTEGER NOT NULL DEFAULT 0,
              error TEXT NULL,
              started_at {d.BigInt} NULL,
              finished_at {d.BigInt} NULL,
              job_id TEXT NULL,
              trace_parent TEXT NULL,
              job_ticket TEXT NULL);
            """);
        AddColumnIfMissing(connection, "dbot_requests", "job_id", "TEXT NULL");
        AddColumnIfMissing(connection, "dbot_requests", "trace_parent", "TEXT NULL");
        AddColumnIfMissing(connection, "dbot_requests", "job_ticket", "TEXT NULL");
        Execute(connection, "CREATE INDEX IF NOT EXISTS dbot_requests_status ON dbot_requests (status, seq);");
        Execute(connection, "CREATE INDEX IF NOT EXISTS dbot_requests_ticket ON dbot_requests (job_ticket);");
        Execute(connection, "CREATE INDEX IF NOT EXISTS dbot_requests_created ON dbot_requests (created_at);");
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS dbot_images (
              request_id TEXT NOT NULL,
              idx INTEGER NOT NULL,
              seed {d.BigInt} NOT NULL,
              nsfw INTEGER NOT NULL,
              png {d.Blob} NOT NULL,
              PRIMARY KEY (request_id, idx));
            """);
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS dbot_posts (
              request_id TEXT NOT NULL,
              kind TEXT NOT NULL,
              posted_at {d.BigInt} NOT NULL,
              message_ids TEXT NOT NULL,
              PRIMARY KEY (request_id, kind));
            """);
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS dbot_quotas (
              platform TEXT NOT NULL,
              workspace_id TEXT NOT NULL,
              channel_id TEXT NOT NULL,
              off INTEGER NOT NULL,
              images INTEGER NULL,
              user_images INTEGER NULL,
              window_seconds {d.BigInt} NOT NULL,
              max_steps INTEGER NULL,
              max_pixels INTEGER NULL,
              PRIMARY KEY (platform, workspace_id, channel_id));
            """);
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS dbot_quota_usage (
              request_id TEXT PRIMARY KEY,
              platform TEXT NOT NULL,
              workspace_id TEXT NOT NULL,
              channel_id TEXT NOT NULL,
              user_id TEXT NOT NULL,
              images INTEGER NOT NULL,
              reserved_at {d.BigInt} NOT NULL,
              released INTEGER NOT NULL DEFAULT 0);
            """);
        Execute(connection, "CREATE INDEX IF NOT EXISTS dbot_quota_usage_scope ON dbot_quota_usage (platform, workspace_id, channel_id, reserved_at);");
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS dbot_quota_audit (
              seq {d.AutoIncrementKey},
              at {d.BigInt} NOT NULL,
              platform TEXT NOT NULL,
              workspace_id TEXT NOT NULL,
              channel_id TEXT NOT NULL,
              user_id TEXT NOT NULL,
              user_name TEXT NOT NULL,
              before_text TEXT NOT NULL,
              after_text TEXT NOT NULL);
            """);
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS dbot_messages (
              platform TEXT NOT NULL,
              channel_id TEXT NOT NULL,
              message_id TEXT NOT NULL,
              request_id TEXT NOT NULL,
              PRIMARY KEY (platform, channel_id, message_id));
            """);
        Execute(connection, "CREATE INDEX IF NOT EXISTS dbot_messages_request ON dbot_messages (request_id);");
    }
}
