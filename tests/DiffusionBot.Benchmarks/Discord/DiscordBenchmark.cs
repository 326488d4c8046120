using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DiffusionBot.Benchmarks.Engine;
using DiffusionBot.Benchmarks.Spine;
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

    public static async Task<int> RunAsync(DiscordArguments arguments)
    {
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

            var acks = tokens.Select(t => guild.Interaction(t).AckLatency?.TotalMilliseconds).OfType<double>().ToList();
            var latency = Latency.Of(acks, "p99", AckTargetMs, "fake hands the INTERACTION_CREATE frame to its WebSocket → fake reads the type-5 callback POST (loopback both ways, the client's parse and its HTTP request included)");
            var postedOnce = tokens.Count(t => PostedOnce(fake, guild, t));
            var report = new DiscordReport(
                "discord",
                DateTimeOffset.UtcNow,
                MachineReport.Current(),
                arguments.Interactions,
                latency,
                acks.Count(ms => ms < AckDeadline.TotalMilliseconds),
                postedOnce,
                limits.Violations.Count,
                limits.Exhausted,
                seconds,
                Prompt,
                latency.Met && acks.Count == arguments.Interactions && postedOnce == arguments.Interactions && limits.Violations.Count == 0);
            await File.WriteAllTextAsync(arguments.JsonPath, JsonSerializer.Serialize(report, BenchmarkJsonContext.Default.DiscordReport)).ConfigureAwait(false);
            Console.WriteLine(FormattableString.Invariant(
                $"ack p50 {latency.P50:0.0} ms, p95 {latency.P95:0.0} ms, p99 {latency.P99:0.0} ms, max {latency.Max:0.0} ms ({(latency.Met ? "met" : "missed")} p99 ≤ {AckTargetMs} ms); posted once {postedOnce}/{arguments.Interactions}; rate-limit violations {limits.Violations.Count}; buckets run dry {limits.Exhausted}; burst {seconds:0.0} s"));
            return report.Met ? 0 : 1;
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
