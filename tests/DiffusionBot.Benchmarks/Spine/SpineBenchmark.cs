using DiffusionBot.Benchmarks.Telemetry;
using System.Diagnostics;
using System.Globalization;
using DiffusionBot.Benchmarks.Engine;
using DiffusionBot.Benchmarks.Reporting;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>
/// The <c>spine</c> verb: runs the bot's request path in-process as production wires it
/// (<see cref="ChatJobsServiceCollectionExtensions.AddChatJobs"/> with a worker, on SQLite and/or
/// PostgreSQL, the demo model on the CPU) and measures the dispatcher's answer time, how soon an idle
/// worker starts a queued job, and how much of a job's time is spent outside the pipeline.
/// </summary>
internal static class SpineBenchmark
{
    private const string TinyPrompt = "red circle --size 64x64 --steps 1 --sampler euler";
    private const int WarmupCommands = 10;
    private const int WarmupStarts = 3;
    private const double DispatchTargetMs = 50;
    private const double StartTargetMs = 100;
    private const double ShareTarget = 0.02;

    /// <summary>Most jobs one benchmark user may queue; the dispatch run also spreads them over many users.</summary>
    private const int MaxQueuedPerUser = 1000;

    public const string Method =
        "dispatch_ack_ms: CommandDispatcher.DispatchAsync of an /imagine → its DispatchOutcome, commands back to back while the worker drains the queue; a command that is not queued is an attempt without an answer. "
        + "enqueue_to_start_ms: one job at a time on an idle worker, from the request's created_at (stamped just before it is stored and enqueued) to started_at (RequestStore.TryClaim in GenerateImagesJob), database clock in whole ms; a job that does not finish within 2 minutes is an attempt without an answer, and so is every attempt not made after it. "
        + "outside_pipeline_share: see its own method. "
        + MetricsOn.Method
        + PercentileMethod.Text;

    public static async Task<int> RunAsync(SpineArguments arguments)
    {
        var folder = Directory.CreateTempSubdirectory("diffusionbot-spine-");
        PostgresServer? postgres = null;
        try
        {
            DemoModelForge.Write(Path.Combine(folder.FullName, "models", DemoModelForge.DefaultFolderName));
            var storages = new List<StorageReport>();
            var targets = new List<Target>();
            var provider = "";
            foreach (var storage in arguments.Storages)
            {
                string connection;
                if (storage == JobsOptions.PostgreSql)
                {
                    postgres ??= new PostgresServer();
                    connection = postgres.CreateDatabase();
                }
                else
                {
                    connection = $"Data Source={Path.Combine(folder.FullName, "spine.db")}";
                }

                Console.WriteLine($"measuring {storage}…");
                var (report, providerName) = await MeasureAsync(storage, connection, folder.FullName, arguments).ConfigureAwait(false);
                storages.Add(report);
                targets.AddRange(TargetsOf(report));
                provider = providerName;
            }

            var spine = new SpineReport("spine", DateTimeOffset.UtcNow, Method, provider, "demo (forged by DemoModelForge)", MachineReport.Current(), storages, targets, Verdict.Met(targets));
            ReportFile.Write(spine, BenchmarkJsonContext.Default.SpineReport, arguments.JsonPath);
            SpineSummary.Print(spine);
            return Verdict.Report(targets, arguments.JsonPath);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            postgres?.Dispose();
            folder.Delete(recursive: true);
        }
    }

    private static IEnumerable<Target> TargetsOf(StorageReport report) =>
    [
        Target.P99AtMost($"{report.Storage}: dispatch ack p99", report.DispatchAckMs, DispatchTargetMs),
        Target.P99AtMost($"{report.Storage}: enqueue to start p99", report.EnqueueToStartMs, StartTargetMs),
        Target.AtMost($"{report.Storage}: share of job time outside the pipeline", report.OutsidePipelineShare.Share, ShareTarget, "of job time"),
    ];

    private static async Task<(StorageReport Report, string Provider)> MeasureAsync(string storage, string connection, string folder, SpineArguments arguments)
    {
        using var metrics = MetricsOn.Start();
        var log = new GenerationLog();
        var channel = new TimedChannel();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Diffusion:ModelsPath"] = Path.Combine(folder, "models"),
            ["Diffusion:Device"] = "cpu",
            ["Jobs:Storage"] = storage,
            ["Jobs:ConnectionString"] = connection,
            ["Jobs:MaxQueuedPerUser"] = MaxQueuedPerUser.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.AddProvider(log);
        builder.Services.AddChatJobs(builder.Configuration, runWorker: true);
        builder.Services.AddKeyedSingleton<IChatReply>(ChatPlatform.Playground, channel);
        using var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        try
        {
            var bot = new SpineBot(host.Services, channel);
            var dispatch = await MeasureDispatchAsync(bot, arguments.Commands).ConfigureAwait(false);
            var start = await MeasureIdleStartAsync(bot, arguments.Starts).ConfigureAwait(false);
            var previews = host.Services.GetRequiredService<IOptions<PreviewOptions>>().Value;
            var share = await OutsidePipelineShare.MeasureAsync(bot, log, channel, previews.Interval).ConfigureAwait(false);
            var poll = host.Services.GetRequiredService<IOptions<JobsOptions>>().Value.QueuePollSeconds;
            var provider = ProviderOf(host.Services.GetRequiredService<PipelineHost>());
            Console.WriteLine($"  {storage}: metrics on, {metrics.PointsExported} metric points collected");
            return (new StorageReport(storage, poll, dispatch, start, share), provider);
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Commands dispatched back to back while the worker drains them; one user each.</summary>
    private static async Task<LatencyFigure> MeasureDispatchAsync(SpineBot bot, int commands)
    {
        var warmup = new List<string>();
        for (var i = 0; i < WarmupCommands; i++)
        {
            warmup.Add((await bot.DispatchAsync(TinyPrompt, $"warmup-{i}").ConfigureAwait(false)).Id ?? throw new InvalidOperationException("A warm-up command was not queued."));
        }

        await bot.WaitAllDoneAsync(warmup).ConfigureAwait(false);
        var ids = new List<string>();
        var attempts = new List<double?>();
        for (var i = 0; i < commands; i++)
        {
            var (id, milliseconds) = await bot.DispatchAsync(TinyPrompt, $"user-{i}").ConfigureAwait(false);
            attempts.Add(id is null ? null : milliseconds);
            if (id is not null)
            {
                ids.Add(id);
            }
        }

        await bot.WaitAllDoneAsync(ids).ConfigureAwait(false);
        return LatencyFigure.Of(
            attempts,
            null,
            $"{commands} `{TinyPrompt}` commands dispatched back to back (after {WarmupCommands} warm-up) while the worker drains the queue; CommandDispatcher.DispatchAsync → DispatchOutcome, Stopwatch");
    }

    /// <summary>One job at a time on an idle worker: queued (<c>created_at</c>) → claimed by the job (<c>started_at</c>).</summary>
    private static async Task<LatencyFigure> MeasureIdleStartAsync(SpineBot bot, int starts)
    {
        var attempts = new List<double?>();
        for (var i = 0; i < WarmupStarts + starts; i++)
        {
            // Part of what is measured: the idle gap before a cold start.
            await Task.Delay(SpineBot.IdleGap).ConfigureAwait(false);
            var timing = await bot.RunOneAsync(TinyPrompt, "idle").ConfigureAwait(false);
            if (i < WarmupStarts)
            {
                continue;
            }

            if (timing is not { StartedAt: { } started })
            {
                // The worker stopped answering: this attempt and every one not made count as unanswered.
                attempts.AddRange(Enumerable.Repeat<double?>(null, starts - attempts.Count));
                break;
            }

            attempts.Add((started - timing.CreatedAt).TotalMilliseconds);
        }

        return LatencyFigure.Of(
            attempts,
            null,
            $"{starts} jobs one at a time (after {WarmupStarts} warm-up), each after {SpineBot.IdleGap.TotalMilliseconds} ms idle; created_at → started_at, database clock in whole ms");
    }

    private static string ProviderOf(PipelineHost pipelines)
    {
        using var lease = pipelines.Lease(null);
        return lease.Pipeline.Model.ProviderName;
    }
}
