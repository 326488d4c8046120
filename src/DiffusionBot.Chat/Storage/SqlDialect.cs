namespace DiffusionBot.Chat.Storage;

/// <summary>The few places where SQLite and PostgreSQL SQL differ; everything else is shared text.</summary>
/// <param name="NowMilliseconds">
/// The database server's clock in Unix milliseconds. Leases are stamped and compared with it, so
/// hosts whose clocks disagree still agree on when a lease ran out.
/// </param>
internal sealed record SqlDialect(string Name, string Blob, string AutoIncrementKey, string BigInt, string NowMilliseconds)
{
    public static readonly SqlDialect Sqlite = new("sqlite", "BLOB", "INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER", "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)");

    public static readonly SqlDialect PostgreSql = new("postgresql", "BYTEA", "BIGSERIAL PRIMARY KEY", "BIGINT", "CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT)");
}
