using System.Diagnostics;
using DiffusionBot.Slack.Tests.Fakes;
using Xunit.Abstractions;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>
/// A burst of <c>/imagine</c> over Socket Mode against a fake Slack that enforces Slack's per-method rate limits (sped up,
/// so the test takes seconds): every envelope is acked in time, every result is posted once, and no call reaches the
/// fake before a 429's <c>Retry-After</c> ran out. Each test starts its own bot.
/// </summary>
[Collection(AdapterCollection.Name)]
public sealed class SlackBurstTests(ITestOutputHelper output) : IAsyncLifetime
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

    private static string Channel(int i) => $"C-BURST-{i % Channels}";

    private static bool IsButtons(FakeMessage m) => m.Blocks?.GetRawText().Contains("\"actions\"", StringComparison.Ordinal) == true;

    /// <summary>The burst's status messages, once every one of them says done and its thread holds its buttons.</summary>
    private FakeMessage[] DoneStatuses() =>
        [.. Fake.Messages.Where(m => m.Channel.StartsWith("C-BURST-", StringComparison.Ordinal) && m.ThreadTs is null && !m.Deleted
            && m.Text?.StartsWith("Done", StringComparison.Ordinal) == true
            && Fake.Thread(m.Channel, m.Ts).Any(IsButtons))];
}
