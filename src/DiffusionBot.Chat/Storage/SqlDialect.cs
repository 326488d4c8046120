namespace DiffusionBot.Chat.Storage;

/// <summary>The few places where SQLite and PostgreSQL SQL differ; everything else is shared text.</summary>
internal sealed record SqlDialect(string Name, string Blob, string AutoIncrementKey, string BigInt)
{
    public static readonly SqlDialect Sqlite = new("sqlite", "BLOB", "INTEGER PRIMARY KEY AUTOINCREMENT", "INTEGER");

    public static readonly SqlDialect PostgreSql = new("postgresql", "BYTEA", "BIGSERIAL PRIMARY KEY", "BIGINT");
}
