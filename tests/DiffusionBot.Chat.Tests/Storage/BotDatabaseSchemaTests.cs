using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Chat.Tests.Jobs;

namespace DiffusionBot.Chat.Tests.Storage;

public sealed class BotDatabaseSchemaTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    [Fact]
    public async Task Schema_IsCreatedOnce_WhenEightProcessesOpenAnEmptyPostgresDatabaseAtOnce()
    {
        var options = new JobsOptions { Storage = JobsOptions.PostgreSql, ConnectionString = postgres.Server.CreateDatabase() };
        using var start = new Barrier(8);

        var opened = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(
            () =>
            {
                start.SignalAndWait();
                return new BotDatabase(options);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)));

        using var connection = opened[0].Open();
        using var tables = connection.CreateCommand();
        tables.CommandText = "SELECT string_agg(tablename, ',' ORDER BY tablename) FROM pg_tables WHERE tablename LIKE 'dbot%'";
        Assert.Equal("dbot_images,dbot_messages,dbot_posts,dbot_quota_audit,dbot_quota_usage,dbot_quotas,dbot_requests", tables.ExecuteScalar());
    }
}
