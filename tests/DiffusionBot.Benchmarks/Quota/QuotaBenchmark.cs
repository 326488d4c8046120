using System.Diagnostics;
using System.Text.Json;
using DiffusionBot.Benchmarks.Spine;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Storage;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Benchmarks.Quota;

/// <summary>
/// Reservation latency with 32 dispatchers (each on its own thread) reserving in the same channel
/// at once — the worst case for the per-channel exclusive transaction — on each storage.
/// </summary>
internal static class QuotaBenchmark
{
    public const int Dispatchers = 32;

    public static async Task<int> RunAsync(SpineArguments arguments)
    {
        var reports = new List<QuotaStorageReport>();
        foreach (var storage in arguments.Storages)
        {
            using var postgres = storage == JobsOptions.PostgreSql ? new PostgresServer() : null;
            var folder = Directory.CreateTempSubdirectory("diffusionbot-quota-bench-").FullName;
            try
            {
                var jobs = postgres is null
                    ? new JobsOptions { ConnectionString = $"Data Source={Path.Combine(folder, "bot.db")}" }
                    : new JobsOptions { Storage = JobsOptions.PostgreSql, ConnectionString = postgres.CreateDatabase().Replace("Maximum Pool Size=20", "Maximum Pool Size=64", StringComparison.Ordinal) };
                var store = new QuotaStore(new BotDatabase(jobs), Options.Create(new QuotaOptions()), TimeProvider.System);
                var scope = new QuotaScope("Bench", "guild", "art");
                var policy = QuotaPolicyBuilder.Build(1_000_000, null, "24h", null, null);
                for (var i = 0; i < 20; i++)
                {
                    store.TryReserve(scope, "warmup", $"w{i}", 1, policy);
                }

                var perDispatcher = Math.Max(1, arguments.Commands / 8);
                var samples = new double[Dispatchers][];
                using var start = new Barrier(Dispatchers);
                await Task.WhenAll(Enumerable.Range(0, Dispatchers).Select(d => Task.Factory.StartNew(() =>
                {
                    start.SignalAndWait();
                    samples[d] = new double[perDispatcher];
                    for (var i = 0; i < perDispatcher; i++)
                    {
                        var began = Stopwatch.GetTimestamp();
                        store.TryReserve(scope, $"user{d % 4}", $"d{d}-{i}", 1, policy);
                        samples[d][i] = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
                    }
                }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
                var target = storage == JobsOptions.PostgreSql ? 20 : 10;
                reports.Add(new QuotaStorageReport(storage, Dispatchers, perDispatcher, Latency.Of([.. samples.SelectMany(s => s)], "p99", target, "one QuotaStore.TryReserve call, from entering to its answer: concurrent callers are group-committed (one exclusive transaction a batch: window read, in-memory checks in arrival order, one insert, commit)")));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }

        var report = new QuotaReport("quota", DateTimeOffset.UtcNow, Environment.ProcessorCount, reports);
        await File.WriteAllTextAsync(arguments.JsonPath, JsonSerializer.Serialize(report, BenchmarkJsonContext.Default.QuotaReport));
        foreach (var r in reports)
        {
            Console.WriteLine($"{r.Storage}: reservation p50 {r.ReservationMs.P50:0.00} ms, p99 {r.ReservationMs.P99:0.00} ms ({(r.ReservationMs.Met ? "met" : "missed")} ≤ {r.ReservationMs.TargetMaxMs} ms) over {r.ReservationMs.Samples} reservations by {r.Dispatchers} dispatchers");
        }

        return 0;
    }
}
