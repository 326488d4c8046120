using System.Diagnostics;
using System.Text.Json;
using DiffusionBot.Benchmarks.Spine;
using DiffusionBot.Slack;
using DiffusionBot.Slack.Tests.Adapter;
using DiffusionBot.Slack.Tests.Fakes;

namespace DiffusionBot.Benchmarks.Slack;

/// <summary>
/// The <c>slack</c> verb: the bot composed as production composes it (the Slack tests' <see cref="SlackBot"/>: a worker on
/// SQLite, the demo model on the CPU, the Slack adapter in Socket Mode) against the tests' fake Slack, which enforces Slack's
/// per-method rate limits sped up tenfold. After one warm-up command, a burst of <c>/imagine</c> envelopes is pushed down the
/// socket back to back; each envelope's ack latency is taken on the fake's side, from just before the envelope frame is
/// written to the moment the fake reads the ack frame, so it spans both directions of the WebSocket and the bot's parse and ack.
/// </summary>
internal static class SlackBenchmark
{
    private const double AckTargetMs = 50;
    private const double Speedup = 10;
    private const double BurstSeconds = 1;
    private const int Channels = 5;
    private static readonly TimeSpan ResultTimeout = TimeSpan.FromMinutes(5);

    public static async Task<int> RunAsync(SlackArguments arguments)
    {
        ThreadPool.SetMinThreads(16, 16);
        await using var bot = await SlackBot.StartAsync(SlackMode.Socket, runWorker: true);
        var fake = bot.Fake;
        var limits = new FakeRateLimits(Speedup, BurstSeconds);
        fake.RateLimits = limits;
        var socket = await fake.NextSocketAsync();

        await socket.SendAsync(SlackBot.SlashCommand("env-warmup", "C-WARMUP", "red --size 64x64 --steps 2", "trig-warmup"));
        await WaitAsync(() => Done(fake, "C-WARMUP") == 1);

        var began = Stopwatch.GetTimestamp();
        var sentAt = new long[arguments.Commands];
        for (var i = 0; i < arguments.Commands; i++)
        {
            sentAt[i] = Stopwatch.GetTimestamp();
            await socket.SendAsync(SlackBot.SlashCommand($"env-{i}", $"C-BENCH-{i % Channels}", $"red --size 64x64 --steps 2 --seed {i}", $"trig-{i}", user: $"U-BENCH-{i % 10}"));
        }

        await WaitAsync(() => socket.AckedAt.Count > arguments.Commands);
        var ackMs = sentAt.Select((sent, i) => Stopwatch.GetElapsedTime(sent, socket.AckedAt[$"env-{i}"]).TotalMilliseconds).ToList();
        var posted = 0;
        await WaitAsync(() => (posted = Enumerable.Range(0, Channels).Sum(c => Done(fake, $"C-BENCH-{c}"))) >= arguments.Commands);
        var burst = Stopwatch.GetElapsedTime(began).TotalSeconds;

        var report = new SlackReport(
            "slack",
            DateTimeOffset.UtcNow,
            Environment.ProcessorCount,
            arguments.Commands,
            $"Slack tiers (chat.postMessage 1/s per channel, Tier 1 1/min apps.connections.open, Tier 3 50/min incl. files.delete, Tier 4 100/min) sped up {Speedup} times, buckets of {BurstSeconds} s; a violation is a call that reaches the fake before the Retry-After of the last 429 for its method ran out",
            Latency.Of(ackMs, "p99", AckTargetMs, "envelope sent to ack received, timed by the fake: from just before it writes the envelope frame until it reads the ack frame"),
            posted,
            burst,
            limits.RateLimited,
            limits.Violations);
        await File.WriteAllTextAsync(arguments.JsonPath, JsonSerializer.Serialize(report, BenchmarkJsonContext.Default.SlackReport));
        Console.WriteLine($"ack p50 {report.AckMs.P50:0.00} ms, p95 {report.AckMs.P95:0.00} ms, p99 {report.AckMs.P99:0.00} ms, max {report.AckMs.Max:0.00} ms ({(report.AckMs.Met ? "met" : "missed")} p99 ≤ {AckTargetMs} ms) over {report.Commands} envelopes");
        Console.WriteLine($"{posted} results posted in {burst:0.0} s; {limits.RateLimited} 429s answered, {limits.Violations} violations");
        return limits.Violations == 0 && posted == arguments.Commands ? 0 : 1;
    }

    /// <summary>The channel's status messages that say done and have their buttons in their thread.</summary>
    private static int Done(FakeSlack fake, string channel) =>
        fake.Messages.Count(m => m.Channel == channel && m.ThreadTs is null && !m.Deleted
            && m.Text?.StartsWith("Done", StringComparison.Ordinal) == true
            && fake.Thread(channel, m.Ts).Any(t => t.Blocks?.GetRawText().Contains("\"actions\"", StringComparison.Ordinal) == true));

    private static async Task WaitAsync(Func<bool> condition)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(ResultTimeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException("The Slack benchmark timed out.");
            }

            // Benchmark poll with a deadline for all posts to land; the measured figures come from timestamps, not from this wait.
            await Task.Delay(20);
        }
    }
}
