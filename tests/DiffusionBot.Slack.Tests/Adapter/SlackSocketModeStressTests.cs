using System.Diagnostics;
using System.Net.WebSockets;
using DiffusionBot.Slack.Tests.Fakes;
using Xunit.Abstractions;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>
/// Socket Mode under stress, each test with its own bot: a burst of <c>/imagine</c> against a fake Slack that enforces
/// Slack's per-method rate limits (sped up, so the test takes seconds), and a connection refresh in the middle of a job.
/// </summary>
[Collection(AdapterCollection.Name)]
public sealed class SlackSocketModeStressTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Commands = 50;
    private const int Channels = 5;
    private SlackBot _bot = null!;

    private FakeSlack Fake => _bot.Fake;

    public async Task InitializeAsync() => _bot = await SlackBot.StartAsync(SlackMode.Socket, runWorker: true);

    public async Task DisposeAsync() => await _bot.DisposeAsync();

    [Fact]
    public async Task Burst_AcksEveryEnvelopeInTimeAndPostsEachResultOnce_WithoutSendingBeforeRetryAfter()
    {
        var limits = new FakeRateLimits(speedup: 10, burstSeconds: 1);
        Fake.RateLimits = limits;
        var socket = await Fake.NextSocketAsync();

        var sentAt = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < Commands; i++)
        {
            var id = $"env-burst-{i}";
            sentAt[id] = Stopwatch.GetTimestamp();
            await socket.SendAsync(SlackBot.SlashCommand(id, Channel(i), $"red --size 64x64 --steps 2 --seed {i}", $"trig-burst-{i}", user: $"U-BURST-{i % 10}"));
        }

        await SlackBot.WaitForAsync(() => socket.AckedAt.Count >= Commands ? socket : null, "every ack", seconds: 30);
        var ackMs = sentAt.ToDictionary(p => p.Key, p => Stopwatch.GetElapsedTime(p.Value, socket.AckedAt[p.Key]).TotalMilliseconds);
        output.WriteLine($"envelope sent → ack received: max {ackMs.Values.Max():F1} ms, median {ackMs.Values.Order().ElementAt(Commands / 2):F1} ms");
        Assert.All(ackMs, p => Assert.True(p.Value < 3000, $"{p.Key} acked after {p.Value:F0} ms"));

        var statuses = await SlackBot.WaitForAsync(() => DoneStatuses() is { Length: Commands } all ? all : null, "every result", seconds: 120);
        output.WriteLine($"429s answered by the fake: {limits.RateLimited}; violations: {limits.Violations}");

        await Fake.WhenSharesSettledAsync();
        Assert.Equal(Commands, Fake.Messages.Count(m => m.Channel.StartsWith("C-BURST-", StringComparison.Ordinal) && m.ThreadTs is null && !m.Deleted));
        Assert.All(statuses, status =>
        {
            var thread = Fake.Thread(status.Channel, status.Ts);
            Assert.Single(thread, m => m.Files.Count > 0);
            Assert.Single(thread, IsButtons);
            Assert.Equal(2, thread.Length);
        });
        Assert.True(limits.RateLimited > 0, "the burst never reached the fake's limits, so it proves nothing about obeying them");
        Assert.True(limits.Violations == 0, string.Join("; ", limits.ViolationLog));
    }

    [Fact]
    public async Task Refresh_ServesEachCommandOnceAndPostsTheRunningJobOnce_WhenSlackRefreshesMidJob()
    {
        var old = await Fake.NextSocketAsync();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Fake.Holds["conversations.replies"] = release.Task;
        await old.SendAsync(SlackBot.SlashCommand("env-long", "C-REFRESH-LONG", "red --size 64x64 --steps 20 --seed 1", "trig-long"));

        // The job has rendered and is posting its result: its read-back of the thread is held until the switch is over.
        await SlackBot.WaitForAsync(() => Fake.RequestsFor("conversations.replies").FirstOrDefault(), "the long job posting its result");
        await old.SendAsync(SlackBot.SlashCommand("env-before", "C-REFRESH-BEFORE", "red --size 64x64 --steps 2 --seed 2", "trig-before"));
        await old.SendAsync("""{"type":"disconnect","reason":"refresh_requested","num_connections":1,"debug_info":{"host":"applink-fake"},"connection_info":{"app_id":"A111"}}""");
        try
        {
            await old.SendAsync(SlackBot.SlashCommand("env-during", "C-REFRESH-DURING", "red --size 64x64 --steps 2 --seed 3", "trig-during"));
        }
        catch (Exception exception) when (exception is WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
            // The client had already closed the old socket; Slack redelivers what was not acked, as below.
        }

        var fresh = await Fake.NextSocketAsync();
        await fresh.SendAsync(SlackBot.SlashCommand("env-new", "C-REFRESH-NEW", "red --size 64x64 --steps 2 --seed 4", "trig-new"));
        await fresh.SendAsync(SlackBot.SlashCommand("env-during", "C-REFRESH-DURING", "red --size 64x64 --steps 2 --seed 3", "trig-during", retryAttempt: 1));
        await old.Closed.WaitAsync(TimeSpan.FromSeconds(30));
        await SlackBot.WaitForAsync(() => fresh.AckedAt.Count == 2 ? fresh : null, "both acks on the new socket");
        Assert.DoesNotContain(Fake.Messages, m => m.Channel == "C-REFRESH-LONG" && IsButtons(m));
        release.SetResult();

        foreach (var channel in new[] { "C-REFRESH-LONG", "C-REFRESH-BEFORE", "C-REFRESH-DURING", "C-REFRESH-NEW" })
        {
            var status = await SlackBot.WaitForAsync(() => Fake.Messages.FirstOrDefault(m => m.Channel == channel && m.ThreadTs is null && m.Text?.StartsWith("Done", StringComparison.Ordinal) == true && Fake.Thread(channel, m.Ts).Any(IsButtons)), $"the result in {channel}", seconds: 120);
            Assert.Single(Fake.Messages, m => m.Channel == channel && m.ThreadTs is null && !m.Deleted);
            await Fake.WhenSharesSettledAsync();
            var thread = Fake.Thread(channel, status.Ts);
            Assert.Single(thread, m => m.Files.Count > 0);
            Assert.Single(thread, IsButtons);
        }

        Assert.Contains("env-before", old.AckedAt.Keys);
        Assert.Contains("env-new", fresh.AckedAt.Keys);
        Assert.Contains("env-during", fresh.AckedAt.Keys);
        var timeline = Fake.Timeline;
        Assert.True(Array.IndexOf(timeline, $"hello:{fresh.Ticket}") < Array.IndexOf(timeline, $"ws-closed:{old.Ticket}"), string.Join(", ", timeline));
    }

    private static string Channel(int i) => $"C-BURST-{i % Channels}";

    private static bool IsButtons(FakeMessage m) => m.Blocks?.GetRawText().Contains("\"actions\"", StringComparison.Ordinal) == true;

    /// <summary>The burst's status messages, once every one of them says done and its thread holds its buttons.</summary>
    private FakeMessage[] DoneStatuses() =>
        [.. Fake.Messages.Where(m => m.Channel.StartsWith("C-BURST-", StringComparison.Ordinal) && m.ThreadTs is null && !m.Deleted
            && m.Text?.StartsWith("Done", StringComparison.Ordinal) == true
            && Fake.Thread(m.Channel, m.Ts).Any(IsButtons))];
}
