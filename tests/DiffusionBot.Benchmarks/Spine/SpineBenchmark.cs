using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using DiffusionBot.Benchmarks.Engine;
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
    private const int Width = 512;
    private const int Steps = 20;
    private const int WarmupCommands = 10;
    private const int StartSamples = 30;
    private const int WarmupStarts = 3;
    private const int ShareJobs = 10;
    private const int WarmupShareJobs = 2;
    private const double DispatchTargetMs = 50;
    private const double StartTargetMs = 100;
    private const double ShareTarget = 0.02;

    /// <summary>Most jobs one benchmark user may queue; the dispatch run also spreads them over many users.</summary>
    private const int MaxQueuedPerUser = 1000;

    /// <summary>How long the worker is left alone before an idle-start sample.</summary>
    /// <remarks>Several queue polls, so the worker has finished the previous job's bookkeeping and is waiting for work.</remarks>
    private static readonly TimeSpan IdleGap = TimeSpan.FromMilliseconds(300);

    private static readonly TimeSpan JobTimeout = TimeSpan.FromMinutes(2);

    /// <summary>How often a waiter looks for <c>finished_at</c> once the result is posted.</summary>
    /// <remarks>The times come from the database, so polling gently loses no precision and keeps the waiter off the job's CPU.</remarks>
    private static readonly TimeSpan FinishPoll = TimeSpan.FromMilliseconds(10);

    public static async Task<int> RunAsync(SpineArguments arguments)
    {
        var folder = Directory.CreateTempSubdirectory("diffusionbot-spine-");
        PostgresServer? postgres = null;
        try
        {
            DemoModelForge.Write(Path.Combine(folder.FullName, "models", DemoModelForge.DefaultFolderName));
            var storages = new List<StorageReport>();
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
                var (report, providerName) = await MeasureAsync(storage, connection, folder.FullName, arguments.Commands).ConfigureAwait(false);
                storages.Add(report);
                provider = providerName;
            }

            var spine = new SpineReport("spine", DateTimeOffset.UtcNow, provider, "demo (forged by DemoModelForge)", MachineReport.Current(), storages, storages.TrueForAll(s => s.Met));
            WriteJson(spine, arguments.JsonPath);
            SpineSummary.Print(spine, arguments.JsonPath);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Npgsql.NpgsqlConnection.ClearAllPools();
            postgres?.Dispose();
            folder.Delete(recursive: true);
        }
    }

    private static async Task<(StorageReport Report, string Provider)> MeasureAsync(string storage, string connection, string folder, int commands)
    {
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
            var bot = new Bot(host.Services, channel);
            var dispatch = await MeasureDispatchAsync(bot, commands).ConfigureAwait(false);
            var start = await MeasureIdleStartAsync(bot).ConfigureAwait(false);
            var previews = host.Services.GetRequiredService<IOptions<PreviewOptions>>().Value;
            var share = await MeasureShareAsync(bot, log, channel, previews.Interval).ConfigureAwait(false);
            var poll = host.Services.GetRequiredService<IOptions<JobsOptions>>().Value.QueuePollSeconds;
            var provider = ProviderOf(host.Services.GetRequiredService<PipelineHost>());
            return (new StorageReport(storage, poll, dispatch, start, share, dispatch.Met && start.Met && share.Met), provider);
        }
        finally
        {
            await host.StopAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Commands dispatched back to back while the worker drains them; one user each.</summary>
    private static async Task<Latency> MeasureDispatchAsync(Bot bot, int commands)
    {
        var warmup = new List<string>();
        for (var i = 0; i < WarmupCommands; i++)
        {
            warmup.Add((await bot.DispatchAsync(TinyPrompt, $"warmup-{i}").ConfigureAwait(false)).Id);
        }

        await bot.WaitAllDoneAsync(warmup).ConfigureAwait(false);
        var ids = new List<string>();
        var samples = new List<double>();
        for (var i = 0; i < commands; i++)
        {
            var (id, milliseconds) = await bot.DispatchAsync(TinyPrompt, $"user-{i}").ConfigureAwait(false);
            ids.Add(id);
            samples.Add(milliseconds);
        }

        await bot.WaitAllDoneAsync(ids).ConfigureAwait(false);
        return Latency.Of(
            samples,
            "p99",
            DispatchTargetMs,
            $"{commands} `{TinyPrompt}` commands dispatched back to back (after {WarmupCommands} warm-up) while the worker drains the queue; DispatchAsync → DispatchOutcome");
    }

    /// <summary>One job at a time on an idle worker: queued (<c>created_at</c>) → claimed by the job (<c>started_at</c>).</summary>
    private static async Task<Latency> MeasureIdleStartAsync(Bot bot)
    {
        var samples = new List<double>();
        for (var i = 0; i < WarmupStarts + StartSamples; i++)
        {
            // Part of what is measured: the idle gap before a cold start.
            await Task.Delay(IdleGap).ConfigureAwait(false);
            var (id, _) = await bot.DispatchAsync(TinyPrompt, "idle").ConfigureAwait(false);
            var timing = await bot.WaitDoneAsync(id).ConfigureAwait(false);
            if (i >= WarmupStarts)
            {
                samples.Add((timing.StartedAt!.Value - timing.CreatedAt).TotalMilliseconds);
            }
        }

        return Latency.Of(
            samples,
            "p50",
            StartTargetMs,
            $"{StartSamples} jobs one at a time, each after {IdleGap.TotalMilliseconds} ms idle; from the request's created_at (stamped just before it is stored and enqueued) to started_at (RequestStore.TryClaim in GenerateImagesJob), database clock in whole ms");
    }

    private static async Task<OutsidePipelineShare> MeasureShareAsync(Bot bot, GenerationLog log, TimedChannel channel, TimeSpan previewInterval)
    {
        var prompt = string.Create(CultureInfo.InvariantCulture, $"red circle --size {Width}x{Width} --steps {Steps}");
        var walls = new List<double>();
        var generates = new List<double>();
        var previews = 0;
        for (var i = 0; i < WarmupShareJobs + ShareJobs; i++)
        {
            // Part of what is measured: each job starts after an idle gap, as a real one would.
            await Task.Delay(IdleGap).ConfigureAwait(false);
            log.Take();
            channel.TakePreviews();
            var (id, _) = await bot.DispatchAsync(prompt, "share").ConfigureAwait(false);
            var timing = await bot.WaitDoneAsync(id).ConfigureAwait(false);
            var generated = log.Take();
            if (generated.Count != 1)
            {
                throw new InvalidOperationException($"Expected one generation for request {id}, saw {generated.Count}.");
            }

            if (i >= WarmupShareJobs)
            {
                walls.Add((timing.FinishedAt!.Value - timing.StartedAt!.Value).TotalMilliseconds);
                generates.Add(generated[0]);
                previews += channel.TakePreviews();
            }
        }

        var outside = walls.Select((wall, i) => wall - generates[i]).ToList();
        var share = outside.Sum() / walls.Sum();
        return new OutsidePipelineShare(
            Width,
            Width,
            Steps,
            WarmupShareJobs,
            ShareJobs,
            previewInterval.TotalSeconds,
            (double)previews / ShareJobs,
            Percentile.Of(walls, 50),
            Percentile.Of(generates, 50),
            Percentile.Of(outside, 50),
            outside.Max(),
            share,
            Percentile.Of(walls.Select((wall, i) => outside[i] / wall).ToList(), 50),
            ShareTarget,
            share <= ShareTarget,
            "Wall = started_at → finished_at of the request (RequestStore.TryClaim → Finish, whole ms); inside = the pipeline's logged Generate time (GenerationResult.Elapsed, truncated to whole ms), so rounding can overstate the outside time by up to about 2 ms a job. Share = sum(outside) / sum(wall). Preview interval as in production (Preview:Interval default); a JPEG preview is encoded only when PreviewThrottle.IsDue.");
    }

    private static void WriteJson(SpineReport report, string path)
    {
        using var file = File.Create(path);
        using var writer = new Utf8JsonWriter(file, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        JsonSerializer.Serialize(writer, report, BenchmarkJsonContext.Default.SpineReport);
    }

    /// <summary>The spine's entry points the benchmark drives, resolved once from the host.</summary>
    private sealed class Bot(IServiceProvider services, TimedChannel channel)
    {
        private readonly CommandDispatcher _dispatcher = services.GetRequiredService<CommandDispatcher>();
        private readonly PromptFlagParser _prompts = services.GetRequiredService<PromptFlagParser>();
        private readonly RequestStore _requests = services.GetRequiredService<RequestStore>();

        /// <summary>Dispatches an <c>/imagine</c>; the time covers <see cref="CommandDispatcher.DispatchAsync"/> only.</summary>
        public async Task<(string Id, double Milliseconds)> DispatchAsync(string text, string user)
        {
            var origin = new CommandOrigin(ChatPlatform.Playground, "local", "bench", null, user, user, false, false, new ReplyAddress(ChatPlatform.Playground, "bench", MessageId: "status"));
            var command = new Imagine(origin, _prompts.Parse(text));
            var start = Stopwatch.GetTimestamp();
            var outcome = await _dispatcher.DispatchAsync(command, CancellationToken.None).ConfigureAwait(false);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            return outcome is DispatchOutcome.Queued queued
                ? (queued.RequestId, elapsed)
                : throw new InvalidOperationException($"The dispatcher did not queue '{text}': {outcome.Message}");
        }

        /// <summary>Waits until the request's result is posted and the request is finished.</summary>
        public async Task<RequestTiming> WaitDoneAsync(string id)
        {
            await channel.PostedAsync(id).WaitAsync(JobTimeout).ConfigureAwait(false);
            var deadline = Stopwatch.GetTimestamp() + (long)(JobTimeout.TotalSeconds * Stopwatch.Frequency);
            while (true)
            {
                if (_requests.Timing(id) is { FinishedAt: not null } timing)
                {
                    return timing;
                }

                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"Request {id} was posted but never finished.");
                }

                // Benchmark poll with a deadline for a posted request to finish; timings come from the request's own timestamps.
                await Task.Delay(FinishPoll).ConfigureAwait(false);
            }
        }

        public async Task WaitAllDoneAsync(IEnumerable<string> ids)
        {
            foreach (var id in ids)
            {
                await WaitDoneAsync(id).ConfigureAwait(false);
            }
        }
    }

    private static string ProviderOf(PipelineHost pipelines)
    {
        using var lease = pipelines.Lease(null);
        return lease.Pipeline.Model.ProviderName;
    }
}
