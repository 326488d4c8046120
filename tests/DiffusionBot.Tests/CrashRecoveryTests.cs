using System.Net.Http.Json;
using System.Text.Json;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Storage;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Tests;

/// <summary>Jobs survive SIGKILL: on a restart over the same SQLite file, and across PostgreSQL workers.</summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-crash-").FullName;

    [Fact]
    public async Task Job_FinishesAndPostsOnce_AfterTheHostIsKilledMidJobAndRestarted()
    {
        var settings = Settings(JobsOptions.Sqlite, $"Data Source={Path.Combine(_folder, "bot.db")}", "chat,worker");
        var database = new BotDatabase(new JobsOptions { ConnectionString = settings["Jobs:ConnectionString"] });
        var requests = new RequestStore(database, TimeProvider.System);
        string requestId;
        using (var first = new BotProcess(_folder, settings))
        {
            await first.WaitHealthyAsync();
            requestId = await ImagineAsync(first, "red --n 2 --size 1024x1024 --steps 150");
            await WaitUntilAsync(() => requests.Status(requestId) == RequestStatus.Running);
            first.KillHard();
        }

        Assert.Equal(RequestStatus.Running, requests.Status(requestId));
        using var second = new BotProcess(_folder, settings);
        await second.WaitHealthyAsync();
        await WaitUntilAsync(() => requests.Status(requestId) == RequestStatus.Done, seconds: 120);

        Assert.Equal(1, new ResultStore(database, TimeProvider.System).PostCount(requestId, "result"));
        Assert.Equal(1, ResultMessages(database, requestId));
    }

    [Fact]
    public async Task TwentyJobs_FinishExactlyOnce_WithTwoPostgresWorkers_WhenOneIsKilledMidJob()
    {
        using var postgres = new PostgresServer();
        var connection = postgres.CreateDatabase();
        var database = new BotDatabase(new JobsOptions { Storage = JobsOptions.PostgreSql, ConnectionString = connection });
        var requests = new RequestStore(database, TimeProvider.System);
        using var chat = new BotProcess(_folder, Settings(JobsOptions.PostgreSql, connection, "chat"));
        using var victim = new BotProcess(_folder, Settings(JobsOptions.PostgreSql, connection, "worker"));
        using var survivor = new BotProcess(_folder, Settings(JobsOptions.PostgreSql, connection, "worker"));
        await Task.WhenAll(chat.WaitHealthyAsync(), victim.WaitHealthyAsync(), survivor.WaitHealthyAsync());

        var ids = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(await ImagineAsync(chat, $"blue circle --size 512x512 --steps 150 --seed {i}"));
        }

        // Kill the victim right after it starts a job (each takes well over half a second), so it dies mid-job.
        string? interrupted = null;
        await WaitUntilAsync(() => (interrupted = JustStartedBy(database, victim.ProcessId)) is not null);
        victim.KillHard();
        await WaitUntilAsync(() => ids.All(id => requests.Status(id) == RequestStatus.Done), seconds: 180);

        var results = new ResultStore(database, TimeProvider.System);
        Assert.All(ids, id => Assert.Equal(1, results.PostCount(id, "result")));
        Assert.All(ids, id => Assert.Equal(1, ResultMessages(database, id)));
        Assert.NotNull(interrupted);
        Assert.True(Scalar(database, "SELECT attempts FROM dbot_requests WHERE id = @id", interrupted) >= 2, "the killed worker's job was not taken over");
    }

    private static Dictionary<string, string> Settings(string storage, string connection, string roles) => new()
    {
        ["Roles"] = roles,
        ["Jobs:Storage"] = storage,
        ["Jobs:ConnectionString"] = connection,
        ["Jobs:LeaseSeconds"] = "2",
        ["Jobs:MaxQueuedPerUser"] = "50",
        ["Diffusion:ModelsPath"] = "models",
    };

    private static async Task<string> ImagineAsync(BotProcess bot, string prompt)
    {
        using var http = new HttpClient { BaseAddress = bot.BaseAddress };
        using var response = await http.PostAsJsonAsync("api/messages", new { text = $"/imagine {prompt}" });
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} for '{prompt}'; the bot said:\n{bot.Log}");
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("requestId").GetString() ?? throw new InvalidOperationException($"Not queued: {body}");
    }

    /// <summary>A request the worker with this process id claimed within the last 150 ms, if any.</summary>
    private static string? JustStartedBy(BotDatabase database, int processId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM dbot_requests WHERE status = 'running' AND lease_owner LIKE @owner AND started_at > @since";
        var owner = command.CreateParameter();
        owner.ParameterName = "@owner";
        owner.Value = $"%:{processId}:%";
        command.Parameters.Add(owner);
        var since = command.CreateParameter();
        since.ParameterName = "@since";
        since.Value = DateTimeOffset.UtcNow.AddMilliseconds(-150).ToUnixTimeMilliseconds();
        command.Parameters.Add(since);
        return command.ExecuteScalar() as string;
    }

    private static long ResultMessages(BotDatabase database, string requestId) =>
        Scalar(database, "SELECT COUNT(*) FROM dbot_playground_messages WHERE kind = 'result' AND result_id = @id", requestId);

    private static long Scalar(BotDatabase database, string sql, string requestId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@id";
        parameter.Value = requestId;
        command.Parameters.Add(parameter);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"condition not met within {seconds} s");
            // Bounded poll for a condition that must come true (deadline above); never used to show something did not happen.
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
