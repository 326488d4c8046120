using System.Net;
using System.Text.Json;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Tests;

/// <summary>
/// <c>/readyz</c> follows the jobs database (unready with the reason while PostgreSQL is down, ready once it is back) and, in a
/// chat-only process, waits for a worker with the default model.
/// </summary>
public sealed class ReadinessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-ready-").FullName;

    [Fact]
    public async Task Readyz_TurnsUnreadyWithTheReason_WhenPostgresStops_AndReadyWhenItIsBack()
    {
        using var postgres = new PostgresServer();
        var connection = postgres.CreateDatabase();
        using var bot = new BotProcess(_folder, new Dictionary<string, string>
        {
            ["Jobs:Storage"] = JobsOptions.PostgreSql,
            ["Jobs:ConnectionString"] = connection,
            ["Diffusion:ModelsPath"] = "models",
        });
        await bot.WaitHealthyAsync();
        using var http = new HttpClient { BaseAddress = bot.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var ready = await WaitForReadinessAsync(http, HttpStatusCode.OK, bot);
        postgres.Stop();
        var unready = await WaitForReadinessAsync(http, HttpStatusCode.ServiceUnavailable, bot);
        var alive = await http.GetAsync(new Uri("healthz", UriKind.Relative));
        postgres.Start();
        var back = await WaitForReadinessAsync(http, HttpStatusCode.OK, bot);

        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal("Healthy", ready.GetProperty("checks").GetProperty("default-model").GetProperty("status").GetString());
        Assert.Equal("unready", unready.GetProperty("status").GetString());
        var database = unready.GetProperty("checks").GetProperty("database");
        Assert.Equal("Unhealthy", database.GetProperty("status").GetString());
        Assert.Contains("cannot be reached", database.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Equal("ready", back.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Readyz_OfAChatProcess_WaitsForAWorkerWithTheDefaultModel()
    {
        var settings = new Dictionary<string, string>
        {
            ["Jobs:ConnectionString"] = $"Data Source={Path.Combine(_folder, "bot.db")}",
            ["Diffusion:ModelsPath"] = "models",
        };
        using var chat = new BotProcess(_folder, new Dictionary<string, string>(settings) { ["Roles"] = "chat" });
        await chat.WaitHealthyAsync();
        using var http = new HttpClient { BaseAddress = chat.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        var alone = await WaitForReadinessAsync(http, HttpStatusCode.ServiceUnavailable, chat);
        using var worker = new BotProcess(_folder, new Dictionary<string, string>(settings) { ["Roles"] = "worker" });
        await worker.WaitHealthyAsync();
        var joined = await WaitForReadinessAsync(http, HttpStatusCode.OK, chat);

        Assert.Equal("Unhealthy", alone.GetProperty("checks").GetProperty("workers").GetProperty("status").GetString());
        Assert.Equal("Healthy", alone.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal("Healthy", joined.GetProperty("checks").GetProperty("workers").GetProperty("status").GetString());
    }

    /// <summary>Asks <c>/readyz</c> until it answers <paramref name="status"/> (a deadline, not a sleep, bounds the wait).</summary>
    private static async Task<JsonElement> WaitForReadinessAsync(HttpClient http, HttpStatusCode status, BotProcess bot)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await http.GetAsync(new Uri("readyz", UriKind.Relative));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == status)
            {
                return JsonDocument.Parse(body).RootElement.Clone();
            }

            Assert.True(DateTime.UtcNow < deadline, $"/readyz did not answer {(int)status} within 60 s; last {(int)response.StatusCode}: {body}\n{bot.Log}");

            // Bounded poll for an answer /readyz must give; nothing is concluded from the answers before it.
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
