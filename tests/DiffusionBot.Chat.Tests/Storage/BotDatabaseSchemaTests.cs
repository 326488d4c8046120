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

        Assert.Equal(8, opened.Length);
    }
}
