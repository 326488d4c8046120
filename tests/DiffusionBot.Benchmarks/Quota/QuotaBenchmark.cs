using System.Globalization;
using System.Text.Json;
using DiffusionBot.Benchmarks.Engine;
using DiffusionBot.Benchmarks.Reporting;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Storage;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Benchmarks.Quota;

/// <summary>
/// The <c>quota</c> verb. Its worst case is several dispatcher processes reserving in one channel at once: each
/// process group-commits its own callers, and the processes contend for the channel across the database (SQLite's
/// write lock, PostgreSQL's advisory lock). It starts <see cref="QuotaArguments.Processes"/> <c>quota-worker</c>
/// children on one shared database per storage, releases them together, and judges the reservation p99 and the ledger.
/// </summary>
internal static class QuotaBenchmark
{
    private const double SqliteTargetMs = 10;
    private const double PostgreSqlTargetMs = 20;

    /// <summary>Users the callers are spread over; each caller keeps one user, so a user's reservations come from several processes.</summary>
    private const int Users = 8;

    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(QuotaArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var storages = new List<QuotaStorageReport>();
        var targets = new List<Target>();
        foreach (var storage in arguments.Storages)
        {
            using var postgres = storage == JobsOptions.PostgreSql ? new PostgresServer() : null;
            var folder = Directory.CreateTempSubdirectory("diffusionbot-quota-bench-").FullName;
            try
            {
                var connection = postgres?.CreateDatabase() ?? $"Data Source={Path.Combine(folder, "bot.db")}";

                // The schema exists before the workers start, as it would with a running bot.
                _ = new BotDatabase(new JobsOptions { Storage = storage, ConnectionString = connection });
                var run = QuotaRun.For(storage, connection, arguments, Users);
                Console.WriteLine($"{storage}: {arguments.Processes} processes × {arguments.Concurrency} callers × {arguments.Reservations} reservations, channel limit {run.ChannelLimit}, user limit {run.UserLimit}…");
                var attempts = await RunWorkersAsync(run, arguments.Processes, folder).ConfigureAwait(false);
                var report = new QuotaStorageReport(
                    storage,
                    LatencyFigure.Of([.. attempts.Select(a => a.Ms)], null, "one QuotaStore.TryReserve call in a worker process, from entering to its answer (Stopwatch); a call that threw, and every call of a worker that crashed or hung, is an attempt without an answer"),
                    QuotaLedger.Check(run, attempts));
                storages.Add(report);
                targets.AddRange(TargetsOf(report));
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                Npgsql.NpgsqlConnection.ClearAllPools();
                Directory.Delete(folder, recursive: true);
            }
        }

        var quota = new QuotaReport("quota", DateTimeOffset.UtcNow, Method(arguments), MachineReport.Current(), arguments.Processes, arguments.Concurrency, arguments.Reservations, storages, targets, Verdict.Met(targets));
        ReportFile.Write(quota, BenchmarkJsonContext.Default.QuotaReport, arguments.JsonPath);
        foreach (var storage in storages)
        {
            var latency = storage.ReservationMs;
            Console.WriteLine(FormattableString.Invariant($"{storage.Storage}: reservation p50 {latency.P50Ms:0.00} ms, p95 {latency.P95Ms:0.00}, p99 {latency.P99Ms:0.00}, max {latency.MaxAnsweredMs:0.00} over {latency.Attempts} attempts ({latency.Misses} misses); ledger {storage.Ledger.LedgerImages} of {storage.Ledger.ExpectedImages} expected"));
        }

        return Verdict.Report(targets, arguments.JsonPath);
    }

    private static IEnumerable<Target> TargetsOf(QuotaStorageReport report)
    {
        var ledger = report.Ledger;
        var name = report.Storage;
        return
        [
            Target.P99AtMost($"{name}: reservation p99", report.ReservationMs, name == JobsOptions.PostgreSql ? PostgreSqlTargetMs : SqliteTargetMs),
            Target.Exactly($"{name}: images the ledger holds", ledger.LedgerImages, ledger.ExpectedImages, "images"),
            Target.Exactly($"{name}: grants told and ledger rows that disagree", ledger.GrantedNotInLedger + ledger.LedgerNotAnsweredGranted, 0, "requests"),
            Target.AtMost($"{name}: most images one user holds", ledger.MostImagesOneUser, ledger.UserLimit, "images"),
            Target.Exactly($"{name}: reservations that threw", ledger.Errors, 0, "calls"),
        ];
    }

    /// <summary>Starts the workers, waits until each has warmed up, releases them together and gathers every attempt.</summary>
    private static async Task<List<QuotaAttempt>> RunWorkersAsync(QuotaRun run, int processes, string folder)
    {
        var runPath = Path.Combine(folder, "run.json");
        await File.WriteAllTextAsync(runPath, JsonSerializer.Serialize(run, QuotaWorkerJsonContext.Default.QuotaRun)).ConfigureAwait(false);
        var workers = Enumerable.Range(0, processes).Select(i => QuotaWorkerProcess.Start(i, runPath, folder)).ToList();
        try
        {
            await Task.WhenAll(workers.Select(w => w.Ready)).WaitAsync(ReadyTimeout).ConfigureAwait(false);
            workers.ForEach(w => w.Go());
            var attempts = new List<QuotaAttempt>();
            foreach (var worker in workers)
            {
                var result = await worker.ResultAsync(RunTimeout).ConfigureAwait(false);
                attempts.AddRange(result?.Attempts ?? Unanswered(run, worker.Index));
            }

            return attempts;
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }
    }

    /// <summary>A worker that crashed or hung: every one of its attempts counts, as unanswered.</summary>
    private static IEnumerable<QuotaAttempt> Unanswered(QuotaRun run, int process) =>
        from caller in Enumerable.Range(0, run.Concurrency)
        from reservation in Enumerable.Range(0, run.Reservations)
        select new QuotaAttempt(QuotaRun.RequestId(process, caller, reservation), run.UserOf(process, caller), null, false, "worker process failed");

    private static string Method(QuotaArguments arguments) => string.Create(
        CultureInfo.InvariantCulture,
        $"{arguments.Processes} dispatcher processes (this program's hidden quota-worker verb), each with its own QuotaStore and {arguments.Concurrency} callers on their own threads, ")
        + $"reserve 1 image at a time, {arguments.Reservations} each, in one channel of one shared database (a fresh SQLite file in WAL mode, or a fresh database on a throw-away PostgreSQL server). "
        + "Each worker warms up on another channel, then all are released together. The channel allows 60 % of all attempts and each of the 8 users 75 % of theirs, so both refusal paths run. "
        + "reservation_ms: every attempt of every process. ledger: see its own method. "
        + PercentileMethod.Text;
}
