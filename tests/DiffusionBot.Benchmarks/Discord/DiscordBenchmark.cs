using DiffusionBot.Benchmarks.Telemetry;
using System.Diagnostics;
using System.Globalization;
using DiffusionBot.Benchmarks.Engine;
using DiffusionBot.Benchmarks.Reporting;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Discord;
using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Benchmarks.Discord;

/// <summary>
/// The <c>discord</c> verb: the bot as production wires it (<see cref="ChatJobsServiceCollectionExtensions.AddChatJobs"/>
/// with a worker on SQLite, the demo model on the CPU, <see cref="DiscordServiceCollectionExtensions.AddDiscordAdapter"/>)
/// against the tests' protocol-faithful fake Discord with its rate limits on, hit by a burst of <c>/imagine</c>
/// interactions; reports how fast each is acknowledged, and that every result is posted once without a 429.
/// </summary>
internal static class DiscordBenchmark
{
    private const string Prompt = "--size 64x64 --steps 3";
    private const double AckTargetMs = 100;
    private const ulong ChannelId = 645027906669514001;

    private const int WarmupAttempts = 3;
    private const ulong WarmupIds = 900_000_000_000_000_000;

    private static readonly TimeSpan WarmupTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan AckDeadline = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan ResultTimeout = TimeSpan.FromMinutes(5);

    private const string Method =
        "The bot as production wires it (worker on SQLite, demo model on the CPU, Discord adapter) against the tests' protocol-faithful fake Discord with its rate limits on. "
        + "After a warm-up command, the interactions are written to the gateway back to back, each from its own user; then every result is awaited (5 minutes at most). "
        + "ack_ms: one attempt per interaction, timed by the fake. results_posted_once: the interaction's thread holds exactly one result message and exactly one upload POST reached it. "
        + MetricsOn.Method
        + PercentileMethod.Text;

    public static async Task<int> RunAsync(DiscordArguments arguments)
    {
        using var metrics = MetricsOn.Start();
        var folder = Directory.CreateTempSubdirectory("diffusionbot-discord-bench-");
        await using var fake = await FakeDiscord.StartAsync().ConfigureAwait(false);
        var guild = new FakeGuild();
        var limits = new FakeRateLimits();
        fake.Rest.Guild = guild;
        fake.Rest.RateLimits = limits;
        try
        {
            DemoModelForge.Write(Path.Combine(folder.FullName, "models", DemoModelForge.DefaultFolderName));
            using var host = Build(fake, folder.FullName);
            await host.StartAsync().ConfigureAwait(false);
            await fake.Gateway.WaitForAsync("ready").ConfigureAwait(false);

            // Commands first, so READY is handled and the first-call costs (JIT, connections, model load) are paid.
            for (var attempt = 0; attempt < WarmupAttempts; attempt++)
            {
                var warmup = await SendAsync(fake, guild, WarmupIds + (ulong)attempt, userId: 1).ConfigureAwait(false);
                if (await WaitUntilAsync(() => Grid(guild, warmup) is not null, WarmupTimeout).ConfigureAwait(false))
                {
                    break;
                }

                Console.WriteLine($"warm-up {attempt + 1} got no result (ack after {guild.Interaction(warmup).AckLatency?.TotalMilliseconds:0} ms); again…");
            }

            Console.WriteLine($"sending {arguments.Interactions} /imagine in a burst…");
            var burst = Stopwatch.StartNew();
            var tokens = new List<string>(arguments.Interactions);
            for (var i = 0; i < arguments.Interactions; i++)
            {
                tokens.Add(await SendAsync(fake, guild, WarmupIds + WarmupAttempts + (ulong)i, userId: 100 + (ulong)i).ConfigureAwait(false));
            }

            if (!await WaitUntilAsync(() => tokens.All(t => Grid(guild, t) is not null), ResultTimeout).ConfigureAwait(false))
            {
                Console.WriteLine("not every result arrived; the report counts what did");
            }

            var seconds = burst.Elapsed.TotalSeconds;
            await host.StopAsync().ConfigureAwait(false);

            // An interaction the fake never saw acknowledged within Discord's 3 s stays in, unanswered.
            var acks = tokens.Select(t => guild.Interaction(t).AckLatency?.TotalMilliseconds).ToList();
            var latency = LatencyFigure.Of(acks, AckDeadline.TotalMilliseconds, "fake hands the INTERACTION_CREATE frame to its WebSocket → fake reads the type-5 callback POST (loopback both ways, the client's parse and its HTTP request included); the fake refuses a callback after 3 s (10062 Unknown interaction), so a late ack is unanswered");
            var postedOnce = tokens.Count(t => PostedOnce(fake, guild, t));
            List<Target> targets =
            [
                Target.P99AtMost("ack p99", latency, AckTargetMs),
                Target.Exactly("acks that missed Discord's 3 s deadline", latency.Misses, 0, "interactions"),
                Target.Exactly("results posted exactly once", postedOnce, arguments.Interactions, "interactions"),
                Target.Exactly("requests sent into an exhausted rate limit", limits.Violations.Count, 0, "requests"),
            ];
            var report = new DiscordReport(
                "discord",
                DateTimeOffset.UtcNow,
                Method,
                MachineReport.Current(),
                arguments.Interactions,
                Prompt,
                latency,
                postedOnce,
                limits.Violations.Count,
                limits.Exhausted,
                seconds,
                targets,
                Verdict.Met(targets));
            ReportFile.Write(report, BenchmarkJsonContext.Default.DiscordReport, arguments.JsonPath);
            Console.WriteLine(FormattableString.Invariant(
                $"ack p50 {latency.P50Ms:0.0} ms, p95 {latency.P95Ms:0.0} ms, p99 {latency.P99Ms:0.0} ms, max {latency.MaxAnsweredMs:0.0} ms over {latency.Attempts} interactions, {latency.Misses} misses; posted once {postedOnce}/{arguments.Interactions}; rate-limit violations {limits.Violations.Count}; buckets run dry {limits.Exhausted}; burst {seconds:0.0} s"));
            return Verdict.Report(targets, arguments.JsonPath);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                folder.Delete(recursive: true);
            }
            catch (IOException)
            {
                // A file still held by the stopping worker; the OS cleans temp folders.
            }
        }
    }

    private static IHost Build(FakeDiscord fake, string folder)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Diffusion:ModelsPath"] = Path.Combine(folder, "models"),
            ["Diffusion:Device"] = "cpu",
            ["Jobs:ConnectionString"] = $"Data Source={Path.Combine(folder, "bot.db")}",
            ["Discord:Token"] = FakeDiscord.Token,
            ["Discord:ApplicationId"] = FakeDiscord.ApplicationId.ToString(CultureInfo.InvariantCulture),
            ["Discord:ApiBaseUrl"] = fake.ApiBaseUrl,
            ["Discord:GatewayUrl"] = fake.GatewayUrl,
            ["Discord:GuildId"] = FakeGuild.GuildId.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddChatJobs(builder.Configuration, runWorker: true);
        builder.Services.AddDiscordAdapter(builder.Configuration);
        return builder.Build();
    }

    /// <summary>Delivers one <c>/imagine</c> and notes when its frame left; returns the interaction token.</summary>
    private static async Task<string> SendAsync(FakeDiscord fake, FakeGuild guild, ulong id, ulong userId)
    {
        var token = $"interaction-token-{id}";
        var frame = InteractionPayload.Create(id, token, 2, InteractionPayload.ImagineData($"burst {id} {Prompt}"), userId, InteractionPayload.TextChannel(ChannelId), ChannelId).ToJsonString();
        var interaction = guild.Register(id, token, ChannelId);
        interaction.SentAt = Stopwatch.GetTimestamp();
        await fake.Gateway.DispatchAsync("INTERACTION_CREATE", frame).ConfigureAwait(false);
        return token;
    }

    /// <summary>The result in the thread started from the interaction's status message, once it is there.</summary>
    private static FakeMessage? Grid(FakeGuild guild, string token) =>
        guild.Interaction(token).Original is { } status && guild.Threads.ContainsKey(status)
            ? guild.Messages.FirstOrDefault(m => m.ChannelId == status && m.Components is not null)
            : null;

    private static bool PostedOnce(FakeDiscord fake, FakeGuild guild, string token)
    {
        var thread = guild.Interaction(token).Original!.Value;
        var path = $"/channels/{thread.ToString(CultureInfo.InvariantCulture)}/messages";
        return guild.Messages.Count(m => m.ChannelId == thread && m.Components is not null) == 1
            && fake.Rest.Requests.Count(r => r.Method == "POST" && r.Path == path && r.Files.Count > 0) == 1;
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > timeout)
            {
                return false;
            }

            // Benchmark poll with a timeout for a condition that must become true; timings come from timestamps, not from this wait.
            await Task.Delay(20).ConfigureAwait(false);
        }

        return true;
    }
}
