using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Storage;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>Results older than <c>Jobs:RetentionDays</c> are purged; what is newer or still waiting stays.</summary>
public sealed class RetentionJobTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly JobsHarness _bot;

    public RetentionJobTests() => _bot = new(folder => new JobsOptions { ConnectionString = $"Data Source={Path.Combine(folder, "bot.db")}" }, _time);

    [Fact]
    public async Task Run_PurgesFinishedRequestsImagesAndMessageLinks_OlderThanTheRetention_AndKeepsNewerAndUnfinishedOnes()
    {
        var old = await RenderAsync("red --size 64x64 --steps 2");
        var oldMessages = _bot.Results.PostedMessages(old, PostKind.Result)!.Split(',');
        var running = (await _bot.QueueAsync("blue --size 64x64 --steps 2", user: "u2")).RequestId;
        Assert.NotNull(_bot.Requests.TryClaim(running, "another-worker", TimeSpan.FromDays(60)));
        _time.Advance(TimeSpan.FromDays(30) + TimeSpan.FromMinutes(1));
        var fresh = await RenderAsync("green --size 64x64 --steps 2", user: "u3");

        var counts = Job(retentionDays: 30).Run();

        Assert.Equal(new PurgeCounts(Requests: 1, Images: 1, Messages: oldMessages.Length, Posts: 1), counts);
        Assert.Null(_bot.Requests.Get(old));
        Assert.Empty(_bot.Results.Images(old));
        Assert.All(oldMessages, message => Assert.Null(_bot.Results.RequestForMessage("Playground", "general", message)));
        Assert.Equal(RequestStatus.Running, _bot.Requests.Status(running));
        Assert.Equal(RequestStatus.Done, _bot.Requests.Status(fresh));
        Assert.Single(_bot.Results.Images(fresh));
    }

    [Fact]
    public async Task Run_KeepsAResult_UntilItIsOlderThanTheRetention()
    {
        var result = await RenderAsync("red --size 64x64 --steps 2");
        _time.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));

        Assert.Equal(0, Job(retentionDays: 7).Run().Requests);
        Assert.NotNull(_bot.Requests.Get(result));
        _time.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(1, Job(retentionDays: 7).Run().Requests);
    }

    [Fact]
    public async Task Vary_OnAPurgedResult_AnswersThatTheResultHasExpired()
    {
        var result = await RenderAsync("red --size 64x64 --steps 2");
        _time.Advance(TimeSpan.FromDays(31));
        Job(retentionDays: 30).Run();

        var answer = await _bot.Dispatcher.DispatchAsync(new Vary(JobsHarness.Origin(), result, 0), CancellationToken.None);

        var refused = Assert.IsType<DispatchOutcome.Refused>(answer);
        Assert.Contains("expired", refused.Message, StringComparison.Ordinal);
        Assert.Contains("30 days", refused.Message, StringComparison.Ordinal);
    }

    private RetentionJob Job(int retentionDays) => new(
        new RetentionPurge(_bot.Database),
        Options.Create(new JobsOptions { RetentionDays = retentionDays }),
        _time,
        new ListLogger<RetentionJob>());

    private async Task<string> RenderAsync(string prompt, string user = "u1")
    {
        var queued = await _bot.QueueAsync(prompt, user);
        Assert.Equal(JobOutcome.DoneStatus, (await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None)).Status);
        return queued.RequestId;
    }

    public void Dispose() => _bot.Dispose();
}
