using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>The dispatcher and job contract, run once against every job storage.</summary>
public abstract partial class JobsContractTests : IDisposable
{
    private readonly JobsHarness _bot;

    protected JobsContractTests()
    {
        _bot = new JobsHarness(JobsOptionsIn);
    }

    protected abstract JobsOptions JobsOptionsIn(string folder);

    /// <summary>The contract's default: room for the fair-queue test's eight jobs from one user.</summary>
    protected const int MaxQueued = 12;

    [Fact]
    public async Task Dispatch_QueuesAndAnswersWithThePosition()
    {
        var first = await _bot.QueueAsync("red --size 64x64");
        var second = await _bot.QueueAsync("blue --size 64x64", user: "u2");

        Assert.Equal(1, first.QueuePosition);
        Assert.Equal(2, second.QueuePosition);
        Assert.Contains("#2", second.Message, StringComparison.Ordinal);
        Assert.Equal([first.RequestId, second.RequestId], _bot.Enqueued);
        Assert.Equal(RequestStatus.Queued, _bot.Requests.Get(second.RequestId)!.Status);
    }

    [Fact]
    public async Task Dispatch_Refuses_BeyondMaxQueuedPerUser()
    {
        for (var i = 0; i < _bot.Jobs.MaxQueuedPerUser; i++)
        {
            await _bot.QueueAsync("red --size 64x64");
        }

        var refused = Assert.IsType<DispatchOutcome.Refused>(await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red"), CancellationToken.None));
        var other = await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red", user: "someone-else"), CancellationToken.None);

        Assert.Contains($"already have {MaxQueued} image jobs waiting", refused.Message, StringComparison.Ordinal);
        Assert.IsType<DispatchOutcome.Queued>(other);
    }

    [Fact]
    public async Task Job_PostsARedResultExactlyOnce_EvenWhenRunTwice()
    {
        var queued = await _bot.QueueAsync("red --size 64x64 --n 2");

        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var post = Assert.Single(_bot.Channel.Results);
        Assert.Equal(queued.RequestId, post.ResultId);
        Assert.Equal(2, post.Images.Count);
        Assert.Equal(["U1", "U2", "V1", "V2", "🔁"], post.Actions.Select(a => a.Label));
        Assert.Equal(RequestStatus.Done, _bot.Requests.Get(queued.RequestId)!.Status);
        Assert.Equal(2, _bot.Results.Images(queued.RequestId).Count);
        Assert.Equal(queued.RequestId, _bot.Results.RequestForMessage("Playground", "general", "m1"));
    }

    [Fact]
    public async Task Timing_RecordsTheClaimBetweenQueuingAndFinishing()
    {
        var queued = await _bot.QueueAsync("red --size 64x64 --steps 1");
        Assert.Null(_bot.Requests.Timing(queued.RequestId)!.StartedAt);

        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var timing = _bot.Requests.Timing(queued.RequestId)!;
        Assert.InRange(timing.StartedAt!.Value, timing.CreatedAt, timing.FinishedAt!.Value);
        Assert.Null(_bot.Requests.Timing("no-such-request"));
    }

    [Fact]
    public async Task Job_ResumesFromSavedImages_AfterACrashBeforePosting()
    {
        var queued = await _bot.QueueAsync("green --size 64x64");
        _bot.Channel.BeforePost = _ => throw new IOException("worker killed");
        await Assert.ThrowsAsync<IOException>(() => _bot.Job().RunAsync(queued.RequestId, CancellationToken.None));
        _bot.Channel.BeforePost = null;
        Assert.NotEmpty(_bot.Results.Images(queued.RequestId));

        // Mark the saved image: a rerun that rendered again would post a real PNG, not these bytes.
        byte[] marker = [1, 2, 3, 4];
        using (var connection = _bot.Database.Open())
        {
            BotDatabase.Execute(connection, "UPDATE dbot_images SET png = @png WHERE request_id = @id", ("@png", marker), ("@id", queued.RequestId));
        }

        // The dead worker's lease runs out; another worker picks the request up again.
        _bot.ExpireLease(queued.RequestId);
        Assert.Equal(OrphanOutcome.Requeued, _bot.Requests.RequeueOrphan(queued.RequestId));
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var post = Assert.Single(_bot.Channel.Results);
        Assert.Equal(marker, Assert.Single(post.Images).Png.ToArray());
        Assert.Equal(RequestStatus.Done, _bot.Requests.Status(queued.RequestId));
    }

    [Fact]
    public async Task Job_GivesUpWithOneError_WhenPostingFailsOnEveryAttempt()
    {
        var queued = await _bot.QueueAsync("red --size 64x64");
        _bot.Channel.BeforePost = _ => throw new IOException("channel gone");
        for (var attempt = 1; attempt <= _bot.Jobs.MaxAttempts; attempt++)
        {
            await Assert.ThrowsAsync<IOException>(() => _bot.Job().RunAsync(queued.RequestId, CancellationToken.None));
            _bot.ExpireLease(queued.RequestId);
            Assert.Equal(OrphanOutcome.Requeued, _bot.Requests.RequeueOrphan(queued.RequestId));
        }

        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        Assert.Equal(RequestStatus.Failed, _bot.Requests.Status(queued.RequestId));
        Assert.Contains("could not be delivered", Assert.Single(_bot.Channel.Errors), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_FailsAtOnceWithTheRefusalAndGivesTheQuotaBack_WhenTheChatRefusesTheAddress()
    {
        await _bot.Dispatcher.DispatchAsync(QuotaTextParser.Parse("/quota set 2 per 24h", JobsHarness.Origin("boss", admin: true)), CancellationToken.None);
        var queued = await _bot.QueueAsync("red --size 64x64");
        _bot.Channel.BeforePost = _ => throw new ReplyRefusedException("I'm not in this channel — invite me.");

        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        Assert.Equal(RequestStatus.Failed, _bot.Requests.Status(queued.RequestId));
        Assert.Equal("I'm not in this channel — invite me.", Assert.Single(_bot.Channel.Errors));
        Assert.Empty(_bot.Channel.Results);
        Assert.Equal(0, _bot.Quotas.Usage(new QuotaScope("Playground", "local", "general"), "u1", TimeSpan.FromDays(1)).Channel);
    }

    [Fact]
    public async Task Job_DoesNothing_WhileAnotherLiveWorkerHoldsTheRequest()
    {
        var queued = await _bot.QueueAsync("white --size 64x64");
        Assert.NotNull(_bot.Requests.TryClaim(queued.RequestId, "other-worker", TimeSpan.FromMinutes(5)));

        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        Assert.Empty(_bot.Channel.Results);
        Assert.Equal(RequestStatus.Running, _bot.Requests.Status(queued.RequestId));
    }

    [Fact]
    public async Task Cancel_StopsARunningJob_AndSaysSo()
    {
        var queued = await _bot.QueueAsync("blue --size 512x512 --steps 150 --n 4");
        var answer = new TaskCompletionSource<DispatchOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bot.Channel.OnPreview = () =>
        {
            _bot.Channel.OnPreview = null;
            answer.SetResult(_bot.Dispatcher.DispatchAsync(new Cancel(JobsHarness.Origin()), CancellationToken.None).AsTask().Result);
        };

        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        Assert.Equal("Stopping it now.", (await answer.Task.WaitAsync(TimeSpan.FromSeconds(30))).Message);
        Assert.Equal(RequestStatus.Cancelled, _bot.Requests.Status(queued.RequestId));
        Assert.Contains("Cancelled.", _bot.Channel.Statuses);
        Assert.Empty(_bot.Channel.Results);
    }

    [Fact]
    public async Task Cancel_EndsAQueuedJobAtOnce_AndTheJobThenDoesNothing()
    {
        var queued = await _bot.QueueAsync("red --size 64x64");

        var answer = await _bot.Dispatcher.DispatchAsync(new Cancel(JobsHarness.Origin()), CancellationToken.None);
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        Assert.Equal("Cancelled before it started.", answer.Message);
        Assert.Empty(_bot.Channel.Results);
        Assert.Equal(RequestStatus.Cancelled, _bot.Requests.Status(queued.RequestId));
    }

    [Fact]
    public async Task Vary_AndReroll_RunFromAFinishedResult_AndRefuseAMissingOne()
    {
        var queued = await _bot.QueueAsync("yellow --size 64x64 --n 2");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var vary = Assert.IsType<DispatchOutcome.Queued>(await _bot.Dispatcher.DispatchAsync(new Vary(JobsHarness.Origin(), queued.RequestId, 1), CancellationToken.None));
        var reroll = Assert.IsType<DispatchOutcome.Queued>(await _bot.Dispatcher.DispatchAsync(new Reroll(JobsHarness.Origin(), queued.RequestId), CancellationToken.None));
        var missing = await _bot.Dispatcher.DispatchAsync(new Vary(JobsHarness.Origin(), "no-such-result", 0), CancellationToken.None);
        var outOfRange = await _bot.Dispatcher.DispatchAsync(new Upscale(JobsHarness.Origin(), queued.RequestId, 7), CancellationToken.None);
        await _bot.Job().RunAsync(vary.RequestId, CancellationToken.None);
        await _bot.Job().RunAsync(reroll.RequestId, CancellationToken.None);

        Assert.Equal(_bot.Results.Images(queued.RequestId)[1].Png, _bot.Requests.Get(vary.RequestId)!.InitImage);
        Assert.Equal(3, _bot.Channel.Results.Count);
        Assert.Contains("no longer exists", Assert.IsType<DispatchOutcome.Refused>(missing).Message, StringComparison.Ordinal);
        Assert.Contains("pick 1 to 2", Assert.IsType<DispatchOutcome.Refused>(outOfRange).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upscale_PostsTheChosenImageAlone()
    {
        var queued = await _bot.QueueAsync("black --size 64x64 --n 2");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var answer = await _bot.Dispatcher.DispatchAsync(new Upscale(JobsHarness.Origin(), queued.RequestId, 1), CancellationToken.None);

        Assert.IsType<DispatchOutcome.Answered>(answer);
        var post = _bot.Channel.Results.Last();
        Assert.Equal(_bot.Results.Images(queued.RequestId)[1].Png, Assert.Single(post.Images).Png.ToArray());
    }

    [Fact]
    public async Task Img2Img_RefusesAHugeOrNonImageFile_Politely()
    {
        var huge = await _bot.Dispatcher.DispatchAsync(new Img2Img(JobsHarness.Origin(), _bot.Prompts.Parse("red"), new InlineImage(new byte[40 * 1024 * 1024])), CancellationToken.None);
        var text = await _bot.Dispatcher.DispatchAsync(new Img2Img(JobsHarness.Origin(), _bot.Prompts.Parse("red"), new InlineImage("hello"u8.ToArray())), CancellationToken.None);

        Assert.Contains("limit is 20 MB", Assert.IsType<DispatchOutcome.Refused>(huge).Message, StringComparison.Ordinal);
        Assert.Contains("not a PNG, JPEG or WebP", Assert.IsType<DispatchOutcome.Refused>(text).Message, StringComparison.Ordinal);
        Assert.Empty(_bot.Enqueued);
    }

    [Fact]
    public async Task Job_PostsOnePoliteError_WhenTheEngineRefusesTheRequest()
    {
        var queued = await _bot.QueueAsync("red --size 64x64 --steps 60 --sampler lcm");

        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        Assert.Contains("cannot run 60 step", Assert.Single(_bot.Channel.Errors), StringComparison.Ordinal);
        Assert.Equal(RequestStatus.Failed, _bot.Requests.Status(queued.RequestId));
    }

    [Fact]
    public async Task Jobs_StartRoundRobin_SoALaterUserIsNotStuckBehindEightJobs()
    {
        var a = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            a.Add((await _bot.QueueAsync($"red --size 64x64 --steps 2 --sampler euler --seed {i}", user: "A")).RequestId);
        }

        var b = await _bot.QueueAsync("blue --size 64x64 --steps 2 --sampler euler", user: "B");
        Assert.Equal(2, b.QueuePosition);

        for (var i = 0; i < 9; i++)
        {
            await _bot.Job().RunAsync(a[0], CancellationToken.None);
        }

        var started = _bot.Channel.Results.Select(r => r.ResultId).ToList();
        Assert.Equal(9, started.Count);
        Assert.True(started.IndexOf(b.RequestId) <= started.IndexOf(a[1]), $"B started at {started.IndexOf(b.RequestId)}, A's second at {started.IndexOf(a[1])}");
    }

    [Fact]
    public async Task RequeueOrphan_TakesBackOnlyRequestsWhoseLeaseRanOut_OnTheDatabaseClock()
    {
        // A host clock a day ahead must not see a live lease as run out: leases count on the database's clock.
        var skewed = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1));
        var requests = new RequestStore(_bot.Database, skewed);
        var queued = await _bot.QueueAsync("red --size 64x64");
        Assert.NotNull(requests.TryClaim(queued.RequestId, "dead-worker", TimeSpan.FromMinutes(5)));

        Assert.Empty(requests.Orphaned());
        Assert.Equal(OrphanOutcome.None, requests.RequeueOrphan(queued.RequestId));
        Assert.Null(requests.TryClaim(queued.RequestId, "thief", TimeSpan.FromMinutes(5)));
        _bot.ExpireLease(queued.RequestId);

        Assert.Equal([queued.RequestId], requests.Orphaned());
        Assert.Equal(OrphanOutcome.Requeued, requests.RequeueOrphan(queued.RequestId));
        Assert.Equal(OrphanOutcome.None, requests.RequeueOrphan(queued.RequestId));
        Assert.Equal(RequestStatus.Queued, requests.Status(queued.RequestId));
    }

    [Fact]
    public async Task Quota_AcceptsExactlyTen_Of40ConcurrentRequests_FromTwoDispatchers()
    {
        var admin = JobsHarness.Origin("admin", admin: true, channel: "art");
        await _bot.Dispatcher.DispatchAsync(QuotaTextParser.Parse("/quota set 10 per 24h", admin), CancellationToken.None);
        using var second = new JobsHarness(_ => _bot.Jobs);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () =>
        {
            var bot = i % 2 == 0 ? _bot : second;
            var origin = JobsHarness.Origin($"user{i % 4}", channel: "art");
            return await bot.Dispatcher.DispatchAsync(new Imagine(origin, bot.Prompts.Parse($"red --size 64x64 --seed {i}")), CancellationToken.None);
        })));

        Assert.Equal(10, outcomes.Count(o => o is DispatchOutcome.Queued));
        var refusals = outcomes.OfType<DispatchOutcome.Refused>().ToList();
        Assert.Equal(30, refusals.Count);
        // A refusal decided in the same batch as the tenth grant sees it reserved this instant: a whole day to go.
        Assert.All(refusals, r => Assert.Matches(@"^This channel has used 10 of 10 images in the last 24 h; the next one frees up in (23 h 59 min|1 d)\.", r.Message));
    }

    [Fact]
    public async Task Quota_RefusesNonAdmins_AndChangesNothing()
    {
        var refused = await _bot.Dispatcher.DispatchAsync(QuotaTextParser.Parse("/quota set 1 per 1h", JobsHarness.Origin("member")), CancellationToken.None);

        Assert.Contains("Only admins can change quotas", Assert.IsType<DispatchOutcome.Refused>(refused).Message, StringComparison.Ordinal);
        Assert.True(_bot.Quotas.Resolve(new QuotaScope("Playground", "local", "general")).Policy.IsUnlimited);
    }

    [Fact]
    public async Task Quota_AppliesToTheNextRequest_PerUser_AndShowNamesTheLastChange()
    {
        var admin = JobsHarness.Origin("boss", admin: true);
        var set = await _bot.Dispatcher.DispatchAsync(QuotaTextParser.Parse("/quota set 5 per 1h user 2", admin), CancellationToken.None);
        await _bot.QueueAsync("red --size 64x64 --n 2");

        var over = await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None);
        var show = await _bot.Dispatcher.DispatchAsync(new ShowQuota(JobsHarness.Origin()), CancellationToken.None);

        Assert.Equal("This channel's quota is now: 5 images per 1 h, 2 per person per 1 h.", set.Message);
        Assert.StartsWith("You have used 2 of your 2 images here in the last 1 h; the next one frees up in 59 min", over.Message, StringComparison.Ordinal);
        Assert.Contains("Channel: 2 of 5 used in the last 1 h, 3 left. You: 2 of 2 used, 0 left.", show.Message, StringComparison.Ordinal);
        Assert.Contains("Last change: boss set this channel from default to 5 images per 1 h, 2 per person per 1 h", show.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quota_GivesImagesBack_WhenAJobFails_OrIsCancelledWhileQueued()
    {
        await _bot.Dispatcher.DispatchAsync(QuotaTextParser.Parse("/quota set 2 per 24h", JobsHarness.Origin("boss", admin: true)), CancellationToken.None);
        var failing = await _bot.QueueAsync("red --size 64x64 --steps 60 --sampler lcm");
        await _bot.Job().RunAsync(failing.RequestId, CancellationToken.None);
        var cancelled = await _bot.QueueAsync("red --size 64x64");
        await _bot.Dispatcher.DispatchAsync(new Cancel(JobsHarness.Origin()), CancellationToken.None);

        var usage = _bot.Quotas.Usage(new QuotaScope("Playground", "local", "general"), "u1", TimeSpan.FromDays(1));
        var next = await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red --size 64x64 --n 2"), CancellationToken.None);

        Assert.Equal(RequestStatus.Failed, _bot.Requests.Status(failing.RequestId));
        Assert.Equal(RequestStatus.Cancelled, _bot.Requests.Status(cancelled.RequestId));
        Assert.Equal(0, usage.Channel);
        Assert.IsType<DispatchOutcome.Queued>(next);
    }

    [Fact]
    public async Task Quota_CountsACrashedJobOnce_AndSurvivesARestart()
    {
        await _bot.Dispatcher.DispatchAsync(QuotaTextParser.Parse("/quota set 1 per 24h", JobsHarness.Origin("boss", admin: true)), CancellationToken.None);
        var queued = await _bot.QueueAsync("green --size 64x64");
        _bot.Channel.BeforePost = _ => throw new IOException("worker killed");
        await Assert.ThrowsAsync<IOException>(() => _bot.Job().RunAsync(queued.RequestId, CancellationToken.None));
        _bot.Channel.BeforePost = null;
        _bot.ExpireLease(queued.RequestId);
        _bot.Requests.RequeueOrphan(queued.RequestId);
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var restarted = new QuotaStore(new BotDatabase(_bot.Jobs), Microsoft.Extensions.Options.Options.Create(new QuotaOptions()), TimeProvider.System);
        var scope = new QuotaScope("Playground", "local", "general");

        Assert.Equal(1, restarted.Resolve(scope).Policy.Images);
        Assert.Equal(1, restarted.Usage(scope, "u1", TimeSpan.FromDays(1)).Channel);
        Assert.IsType<DispatchOutcome.Refused>(await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None));
    }

    public void Dispose()
    {
        _bot.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class SqliteJobsTests : JobsContractTests
{
    protected override JobsOptions JobsOptionsIn(string folder) =>
        new() { ConnectionString = $"Data Source={Path.Combine(folder, "bot.db")}", LeaseSeconds = 2, MaxQueuedPerUser = MaxQueued, MaxAttempts = 2 };
}

public sealed class PostgresJobsTests(PostgresFixture postgres) : JobsContractTests, IClassFixture<PostgresFixture>
{
    protected override JobsOptions JobsOptionsIn(string folder) =>
        new() { Storage = JobsOptions.PostgreSql, ConnectionString = postgres.Server.CreateDatabase(), LeaseSeconds = 2, MaxQueuedPerUser = MaxQueued, MaxAttempts = 2 };
}

public sealed class PostgresFixture : IDisposable
{
    public TestSupport.PostgresServer Server { get; } = new();

    public void Dispose() => Server.Dispose();
}
