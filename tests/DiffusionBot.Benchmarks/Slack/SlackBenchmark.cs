using DiffusionBot.Benchmarks.Telemetry;
using System.Diagnostics;
using DiffusionBot.Benchmarks.Reporting;
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
    private static readonly TimeSpan AckDeadline = TimeSpan.FromSeconds(3);

    /// <summary>How long the acks are awaited after the last envelope: well past Slack's deadline, so a late ack is still measured.</summary>
    private static readonly TimeSpan AckWait = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ResultTimeout = TimeSpan.FromMinutes(5);

    private const string Method =
        "The bot as production composes it (worker on SQLite, demo model on the CPU, Slack adapter in Socket Mode) against the tests' fake Slack. "
        + "After a warm-up command, the envelopes are written down one socket back to back, spread over 5 channels and 10 users; acks are awaited 30 s after the last one, results 5 minutes. "
        + "ack_ms: one attempt per envelope, from just before the fake writes the envelope frame until it reads the ack frame (fake's Stopwatch); an ack after Slack's 3 s is a miss, no ack is unanswered. "
        + "results_posted: channels' status messages that say Done with their buttons in the thread. "
        + MetricsOn.Method
        + PercentileMethod.Text;

    public static async Task<int> RunAsync(SlackArguments arguments)
    {
        ThreadPool.SetMinThreads(16, 16);
        using var metrics = MetricsOn.Start();
        await using var bot = await SlackBot.StartAsync(SlackMode.Socket, runWorker: true);
        var fake = bot.Fake;
        var limits = new FakeRateLimits(Speedup, BurstSeconds);
        fake.RateLimits = limits;
        var socket = await fake.NextSocketAsync();

        await socket.SendAsync(SlackBot.SlashCommand("env-warmup", "C-WARMUP", "red --size 64x64 --steps 2", "trig-warmup"));
        if (!await WaitAsync(() => Done(fake, "C-WARMUP") == 1, ResultTimeout))
        {
            throw new TimeoutException("The warm-up command got no result; nothing was measured.");
        }

        var began = Stopwatch.GetTimestamp();
        var sentAt = new long[arguments.Commands];
        for (var i = 0; i < arguments.Commands; i++)
        {
            sentAt[i] = Stopwatch.GetTimestamp();
            await socket.SendAsync(SlackBot.SlashCommand($"env-{i}", $"C-BENCH-{i % Channels}", $"red --size 64x64 --steps 2 --seed {i}", $"trig-{i}", user: $"U-BENCH-{i % 10}"));
        }

        await WaitAsync(() => socket.AckedAt.Count > arguments.Commands, AckWait);
        List<double?> acks = [.. sentAt.Select((sent, i) => socket.AckedAt.TryGetValue($"env-{i}", out var acked) ? Stopwatch.GetElapsedTime(sent, acked).TotalMilliseconds : (double?)null)];
        var latency = LatencyFigure.Of(acks, AckDeadline.TotalMilliseconds, "envelope sent to ack received, timed by the fake: from just before it writes the envelope frame until it reads the ack frame");
        var posted = 0;
        await WaitAsync(() => (posted = Enumerable.Range(0, Channels).Sum(c => Done(fake, $"C-BENCH-{c}"))) >= arguments.Commands, ResultTimeout);
        var burst = Stopwatch.GetElapsedTime(began).TotalSeconds;

        List<Target> targets =
        [
            Target.P99AtMost("ack p99", latency, AckTargetMs),
            Target.Exactly("acks that missed Slack's 3 s deadline", latency.Misses, 0, "envelopes"),
            Target.Exactly("results posted", posted, arguments.Commands, "commands"),
            Target.Exactly("calls sent before a 429's Retry-After ran out", limits.Violations, 0, "calls"),
        ];
        var report = new SlackReport(
            "slack",
            DateTimeOffset.UtcNow,
            Method,
            Environment.ProcessorCount,
            arguments.Commands,
            $"Slack tiers (chat.postMessage 1/s per channel, Tier 1 1/min apps.connections.open, Tier 3 50/min incl. files.delete, Tier 4 100/min) sped up {Speedup} times, buckets of {BurstSeconds} s; a violation is a call that reaches the fake before the Retry-After of the last 429 for its method ran out",
            latency,
            posted,
            burst,
            limits.RateLimited,
            limits.Violations,
            targets,
            Verdict.Met(targets));
        ReportFile.Write(report, BenchmarkJsonContext.Default.SlackReport, arguments.JsonPath);
        Console.WriteLine(FormattableString.Invariant($"ack p50 {latency.P50Ms:0.00} ms, p95 {latency.P95Ms:0.00} ms, p99 {latency.P99Ms:0.00} ms, max {latency.MaxAnsweredMs:0.00} ms over {latency.Attempts} envelopes, {latency.Misses} misses"));
        Console.WriteLine(FormattableString.Invariant($"{posted} results posted in {burst:0.0} s; {limits.RateLimited} 429s answered, {limits.Violations} violations"));
        return Verdict.Report(targets, arguments.JsonPath);
    }

    /// <summary>The channel's status messages that say done and have their buttons in their thread.</summary>
    private static int Done(FakeSlack fake, string channel) =>
        fake.Messages.Count(m => m.Channel == channel && m.ThreadTs is null && !m.Deleted
            && m.Text?.StartsWith("Done", StringComparison.Ordinal) == true
            && fake.Thread(channel, m.Ts).Any(t => t.Blocks?.GetRawText().Contains("\"actions\"", StringComparison.Ordinal) == true));

    /// <summary>Whether <paramref name="condition"/> came true within <paramref name="timeout"/>; what did not arrive is counted by the caller.</summary>
    private static async Task<bool> WaitAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                return false;
            }

            // Benchmark poll with a deadline for acks and posts to land; the measured figures come from timestamps, not from this wait.
            await Task.Delay(20);
        }

        return true;
    }
}
