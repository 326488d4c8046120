using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DiffusionBot.Benchmarks.Reporting;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Benchmarks.Quota;

/// <summary>
/// The hidden <c>quota-worker</c> verb: one dispatcher process of the <c>quota</c> benchmark. It opens the shared
/// database, warms up on a channel of its own, says <c>ready</c> on stdout, waits for <c>go</c> on stdin so every
/// process starts together, then reserves from its concurrent callers and writes each attempt to its output file.
/// </summary>
internal static class QuotaWorker
{
    public const string Verb = "quota-worker";
    public const string Ready = "ready";
    public const string Go = "go";

    private const int WarmupReservations = 20;

    public static int Run(IReadOnlyList<string> args)
    {
        if (!OptionPairs.TryRead(args, ["--run", "--process", "--out"], out var options, out var error)
            || !options.TryGetValue("--run", out var runPath)
            || !options.TryGetValue("--out", out var outPath)
            || !options.TryGetValue("--process", out var processText)
            || !int.TryParse(processText, NumberStyles.None, CultureInfo.InvariantCulture, out var process))
        {
            Console.Error.WriteLine(error ?? $"usage: {Verb} --run FILE --process N --out FILE (started by the quota verb)");
            return Verdict.Usage;
        }

        var run = JsonSerializer.Deserialize(File.ReadAllText(runPath), QuotaWorkerJsonContext.Default.QuotaRun)
            ?? throw new InvalidOperationException($"{runPath} holds no run.");
        var store = new QuotaStore(
            new BotDatabase(new JobsOptions { Storage = run.Storage, ConnectionString = run.Connection }),
            Options.Create(new QuotaOptions()),
            TimeProvider.System);
        var generous = QuotaPolicyBuilder.Build(1_000_000, null, QuotaRun.Window, null, null);
        for (var i = 0; i < WarmupReservations; i++)
        {
            store.TryReserve(QuotaRun.WarmupChannel, "warmup", $"warmup-p{process}-{i}", 1, generous);
        }

        Console.WriteLine(Ready);
        if (Console.ReadLine() != Go)
        {
            Console.Error.WriteLine($"{Verb} {process}: stdin closed before '{Go}'.");
            return Verdict.Usage;
        }

        var attempts = Reserve(store, run, process);
        File.WriteAllText(outPath, JsonSerializer.Serialize(new QuotaWorkerResult(process, attempts), QuotaWorkerJsonContext.Default.QuotaWorkerResult));
        return 0;
    }

    /// <summary>Every caller on its own thread, all released at once; each call timed from entering TryReserve to its answer.</summary>
    private static List<QuotaAttempt> Reserve(QuotaStore store, QuotaRun run, int process)
    {
        var policy = run.Policy();
        var perCaller = new QuotaAttempt[run.Concurrency][];
        using var start = new Barrier(run.Concurrency);
        var callers = Enumerable.Range(0, run.Concurrency).Select(caller => Task.Factory.StartNew(
            () =>
            {
                var user = run.UserOf(process, caller);
                var mine = perCaller[caller] = new QuotaAttempt[run.Reservations];
                start.SignalAndWait();
                for (var i = 0; i < run.Reservations; i++)
                {
                    var id = QuotaRun.RequestId(process, caller, i);
                    var began = Stopwatch.GetTimestamp();
                    try
                    {
                        var reservation = store.TryReserve(QuotaRun.Channel, user, id, 1, policy);
                        mine[i] = new QuotaAttempt(id, user, Stopwatch.GetElapsedTime(began).TotalMilliseconds, reservation.Granted, null);
                    }
                    catch (Exception e) when (e is not OutOfMemoryException)
                    {
                        // Kept as an attempt without an answer: the benchmark counts it as a miss.
                        mine[i] = new QuotaAttempt(id, user, null, false, e.GetType().Name + ": " + e.Message);
                    }
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default)).ToArray();
        Task.WaitAll(callers);
        return [.. perCaller.SelectMany(attempts => attempts)];
    }
}
