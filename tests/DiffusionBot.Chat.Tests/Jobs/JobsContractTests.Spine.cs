using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Storage;
using DiffusionBot.TestSupport;
using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>
/// No request is stranded or run twice: the sweeper over real Hangfire storage, lease ownership and
/// the dispatcher's answer when the database fails.
/// </summary>
public abstract partial class JobsContractTests
{
    [Fact]
    public async Task Sweep_QueuesAJob_WhenTheEnqueueFailedAfterTheRequestWasSaved()
    {
        var storage = _bot.HangfireStorage();
        var client = new FailingClient(storage);
        var queue = new HangfireJobQueue(client.Client, storage);
        client.Fail = true;

        var queued = Assert.IsType<DispatchOutcome.Queued>(await _bot.DispatcherWith(queue).DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None));
        Assert.Null(_bot.JobIdOf(queued.RequestId));
        client.Fail = false;
        Sweeper(queue, out _).Sweep();

        AssertNextGpuJobRuns(storage, queued.RequestId, _bot.JobIdOf(queued.RequestId));
    }

    [Fact]
    public async Task Sweep_LeavesAFreshRequestWithoutAJob_ToItsDispatcher_ForOneLeasePeriod()
    {
        var storage = _bot.HangfireStorage();
        var client = new FailingClient(storage) { Fail = true };
        var queue = new HangfireJobQueue(client.Client, storage);
        var queued = Assert.IsType<DispatchOutcome.Queued>(await _bot.DispatcherWith(queue).DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None));
        client.Fail = false;
        var justBefore = new FakeTimeProvider(_bot.Requests.Timing(queued.RequestId)!.CreatedAt + TimeSpan.FromSeconds(_bot.Jobs.LeaseSeconds) - TimeSpan.FromMilliseconds(1));

        new OrphanSweeper(new RequestStore(_bot.Database, justBefore), _bot.Quotas, queue, Options.Create(_bot.Jobs), justBefore, new ListLogger<OrphanSweeper>()).Sweep();

        Assert.Null(_bot.JobIdOf(queued.RequestId));
        Assert.Equal(0, storage.GetMonitoringApi().EnqueuedCount(JobsOptions.GpuQueue));
    }

    [Fact]
    public async Task Sweep_QueuesANewJob_WhenTheJobWasDeletedInTheDashboard()
    {
        var storage = _bot.HangfireStorage();
        var queue = new HangfireJobQueue(new BackgroundJobClient(storage), storage);
        var queued = Assert.IsType<DispatchOutcome.Queued>(await _bot.DispatcherWith(queue).DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None));
        var deleted = _bot.JobIdOf(queued.RequestId)!;

        // The dashboard's Delete button moves the job to the Deleted state.
        Assert.True(new BackgroundJobClient(storage).Delete(deleted));
        Sweeper(queue, out _).Sweep();

        var fresh = _bot.JobIdOf(queued.RequestId);
        Assert.NotEqual(deleted, fresh);
        AssertPendingOnGpuQueue(storage, queued.RequestId, fresh);
    }

    [Fact]
    public async Task Sweep_LeavesARequestWithALiveJobAlone()
    {
        var storage = _bot.HangfireStorage();
        var queue = new HangfireJobQueue(new BackgroundJobClient(storage), storage);
        var queued = Assert.IsType<DispatchOutcome.Queued>(await _bot.DispatcherWith(queue).DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None));
        var job = _bot.JobIdOf(queued.RequestId);

        Sweeper(queue, out _).Sweep();

        Assert.Equal(job, _bot.JobIdOf(queued.RequestId));
        Assert.Equal(1, storage.GetMonitoringApi().EnqueuedCount(JobsOptions.GpuQueue));
    }

    [Fact]
    public async Task Sweep_LogsAFailedReEnqueue_AndRepairsItOnTheNextSweep()
    {
        var storage = _bot.HangfireStorage();
        var client = new FailingClient(storage);
        var queue = new HangfireJobQueue(client.Client, storage);
        var queued = Assert.IsType<DispatchOutcome.Queued>(await _bot.DispatcherWith(queue).DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None));
        Assert.NotNull(_bot.Requests.TryClaim(queued.RequestId, "dead-worker", TimeSpan.FromMinutes(5)));
        _bot.ExpireLease(queued.RequestId);
        var sweeper = Sweeper(queue, out var log);

        client.Fail = true;
        sweeper.Sweep();
        Assert.Equal(RequestStatus.Queued, _bot.Requests.Status(queued.RequestId));
        Assert.Null(_bot.JobIdOf(queued.RequestId));
        Assert.True(log.Has(3106), "the failed enqueue is logged");

        client.Fail = false;
        sweeper.Sweep();
        var job = _bot.JobIdOf(queued.RequestId);
        Assert.NotNull(job);
        AssertPendingOnGpuQueue(storage, queued.RequestId, job);
    }

    [Fact]
    public async Task Sweep_KeepsGoing_WhenTheDatabaseFails()
    {
        var queued = await _bot.QueueAsync("red --size 64x64");
        Assert.NotNull(_bot.Requests.TryClaim(queued.RequestId, "dead-worker", TimeSpan.FromMinutes(5)));
        _bot.ExpireLease(queued.RequestId);
        var sweeper = Sweeper(_bot, out var log);

        using (_bot.FailWrites("dbot_requests", "UPDATE"))
        {
            sweeper.Sweep();
        }

        Assert.True(log.Has(3106), "the failed requeue is logged");
        sweeper.Sweep();
        Assert.Equal(RequestStatus.Queued, _bot.Requests.Status(queued.RequestId));
    }

    [Fact]
    public async Task Sweep_CancelsAndGivesTheQuotaBack_WhenACancelledJobsWorkerDied()
    {
        await _bot.Dispatcher.DispatchAsync(QuotaTextParser.Parse("/quota set 1 per 24h", JobsHarness.Origin("boss", admin: true)), CancellationToken.None);
        var queued = await _bot.QueueAsync("red --size 64x64");
        Assert.NotNull(_bot.Requests.TryClaim(queued.RequestId, "worker-that-dies", TimeSpan.FromMinutes(5)));
        var answer = await _bot.Dispatcher.DispatchAsync(new Cancel(JobsHarness.Origin()), CancellationToken.None);
        Assert.Equal("Stopping it now.", answer.Message);
        Assert.IsType<DispatchOutcome.Refused>(await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None));

        _bot.ExpireLease(queued.RequestId);
        Sweeper(_bot, out var log).Sweep();

        Assert.Equal(RequestStatus.Cancelled, _bot.Requests.Status(queued.RequestId));
        Assert.True(log.Has(3104));
        Assert.IsType<DispatchOutcome.Queued>(await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None));
    }

    [Fact]
    public async Task Job_PostsNothing_WhenAnotherWorkerStoleItsLease()
    {
        await _bot.Dispatcher.DispatchAsync(QuotaTextParser.Parse("/quota set 4 per 24h", JobsHarness.Origin("boss", admin: true)), CancellationToken.None);

        // Long enough that previews are shown while it renders (the first one steals the lease).
        var queued = await _bot.QueueAsync("red --size 512x512 --steps 150 --n 4");
        var stolen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _bot.Channel.OnPreview = () =>
        {
            _bot.Channel.OnPreview = null;

            // This worker's renewals stopped reaching the database long enough for its lease to run out there.
            _bot.ExpireLease(queued.RequestId);
            Assert.NotNull(_bot.Requests.TryClaim(queued.RequestId, "thief", TimeSpan.FromMinutes(5)));
            stolen.SetResult();
        };

        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        await stolen.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Empty(_bot.Channel.Results);
        Assert.Empty(_bot.Channel.Errors);
        Assert.DoesNotContain("Cancelled.", _bot.Channel.Statuses);
        Assert.Equal(RequestStatus.Running, _bot.Requests.Status(queued.RequestId));
        Assert.Equal(4, _bot.Quotas.Usage(new QuotaScope("Playground", "local", "general"), "u1", TimeSpan.FromDays(1)).Channel);
        Assert.Equal(RequestStatus.Running, _bot.Requests.RenewLease(queued.RequestId, "thief", TimeSpan.FromMinutes(5)));
    }

    [Fact]
    public async Task Finish_RefusesAWorkerThatNoLongerHoldsTheRequest()
    {
        var queued = await _bot.QueueAsync("red --size 64x64");
        Assert.NotNull(_bot.Requests.TryClaim(queued.RequestId, "first", TimeSpan.FromMinutes(5)));
        _bot.ExpireLease(queued.RequestId);
        Assert.NotNull(_bot.Requests.TryClaim(queued.RequestId, "second", TimeSpan.FromMinutes(5)));

        Assert.False(_bot.Requests.Finish(queued.RequestId, "first", RequestStatus.Failed, "stale"));
        Assert.Null(_bot.Requests.RenewLease(queued.RequestId, "first", TimeSpan.FromMinutes(5)));
        Assert.True(_bot.Requests.Finish(queued.RequestId, "second", RequestStatus.Done));
        Assert.Equal(RequestStatus.Done, _bot.Requests.Status(queued.RequestId));
    }

    [Fact]
    public async Task LeaseKeeper_StopsTheWork_OnlyAfterRenewalsFailedForHalfALease()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var queued = await _bot.QueueAsync("red --size 64x64");
        var lease = TimeSpan.FromSeconds(2);
        Assert.NotNull(_bot.Requests.TryClaim(queued.RequestId, "worker", lease));
        using var running = _bot.Running.Register(queued.RequestId, CancellationToken.None);
        using var keeper = new LeaseKeeper(_bot.Requests, running, "worker", lease, clock);

        using (_bot.FailWrites("dbot_requests", "UPDATE"))
        {
            clock.Advance(lease / 2 - TimeSpan.FromMilliseconds(250));
            Assert.False(running.LeaseLost, "a few failed renewals are retried");
            clock.Advance(TimeSpan.FromMilliseconds(250));
            Assert.True(running.LeaseLost, "half a lease without a renewal stops the work");
            Assert.True(running.Token.IsCancellationRequested);
        }
    }

    [Fact]
    public async Task Dispatch_AnswersPolitely_AndGivesTheQuotaBack_WhenTheDatabaseFailsToSaveTheRequest()
    {
        await _bot.Dispatcher.DispatchAsync(QuotaTextParser.Parse("/quota set 1 per 24h", JobsHarness.Origin("boss", admin: true)), CancellationToken.None);
        var log = new ListLogger<CommandDispatcher>();
        var dispatcher = _bot.DispatcherWith(_bot, log);

        DispatchOutcome failed;
        using (_bot.FailWrites("dbot_requests", "INSERT"))
        {
            failed = await dispatcher.DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None);
        }

        Assert.Equal(CommandDispatcher.UnexpectedFailure, Assert.IsType<DispatchOutcome.Refused>(failed).Message);
        Assert.True(log.Has(3109), "the failure is logged for the operator");
        Assert.Equal(0, _bot.Quotas.Usage(new QuotaScope("Playground", "local", "general"), "u1", TimeSpan.FromDays(1)).Channel);
        Assert.Empty(_bot.Enqueued);
        Assert.IsType<DispatchOutcome.Queued>(await dispatcher.DispatchAsync(_bot.Imagine("red --size 64x64"), CancellationToken.None));
    }

    [Fact]
    public async Task Cancel_FromAnotherProcess_StopsTheJob_AndGivesTheQuotaBack()
    {
        await _bot.Dispatcher.DispatchAsync(QuotaTextParser.Parse("/quota set 4 per 24h", JobsHarness.Origin("boss", admin: true)), CancellationToken.None);
        using var other = new JobsHarness(_ => _bot.Jobs);
        var queued = await _bot.QueueAsync("blue --size 512x512 --steps 150 --n 4");
        var answer = new TaskCompletionSource<DispatchOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        _bot.Channel.OnPreview = () =>
        {
            _bot.Channel.OnPreview = null;
            answer.SetResult(other.Dispatcher.DispatchAsync(new Cancel(JobsHarness.Origin()), CancellationToken.None).AsTask().Result);
        };

        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        Assert.Equal("Stopping it now.", (await answer.Task.WaitAsync(TimeSpan.FromSeconds(30))).Message);
        Assert.Equal(RequestStatus.Cancelled, _bot.Requests.Status(queued.RequestId));
        Assert.Contains("Cancelled.", _bot.Channel.Statuses);
        Assert.Empty(_bot.Channel.Results);
        Assert.Equal(0, _bot.Quotas.Usage(new QuotaScope("Playground", "local", "general"), "u1", TimeSpan.FromDays(1)).Channel);
    }

    /// <summary>A sweeper on a host whose clock has passed the grace a fresh request gets.</summary>
    private OrphanSweeper Sweeper(IJobQueue queue, out ListLogger<OrphanSweeper> log)
    {
        var later = new FakeTimeProvider(DateTimeOffset.UtcNow + TimeSpan.FromSeconds(_bot.Jobs.LeaseSeconds + 1));
        log = new ListLogger<OrphanSweeper>();
        return new OrphanSweeper(new RequestStore(_bot.Database, later), _bot.Quotas, queue, Options.Create(_bot.Jobs), later, log);
    }

    /// <summary>The job is waiting on the gpu queue and is bound to this request (its ticket is the request's).</summary>
    private void AssertPendingOnGpuQueue(JobStorage storage, string requestId, string? jobId)
    {
        Assert.NotNull(jobId);
        using var connection = storage.GetConnection();
        var job = connection.GetJobData(jobId);
        Assert.Equal(EnqueuedState.StateName, job.State);
        Assert.Equal(nameof(GenerateImagesJob.RunAsync), job.Job.Method.Name);
        Assert.Equal(requestId, _bot.Requests.ForTicket((string)job.Job.Args[0])?.Id);
        Assert.Equal(JobsOptions.GpuQueue, connection.GetStateData(jobId).Data["Queue"]);
    }

    /// <summary>A worker listening on the gpu queue is handed this job next.</summary>
    private void AssertNextGpuJobRuns(JobStorage storage, string requestId, string? jobId)
    {
        AssertPendingOnGpuQueue(storage, requestId, jobId);
        using var connection = storage.GetConnection();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var fetched = connection.FetchNextJob([JobsOptions.GpuQueue], timeout.Token);
        Assert.Equal(jobId, fetched.JobId);
    }

    /// <summary>
    /// Hangfire's own client, made to fail on demand through its client-filter hook: creation then
    /// fails with <see cref="BackgroundJobClientException"/>, as when the queue's storage is unreachable.
    /// </summary>
    private sealed class FailingClient : IClientFilter
    {
        public FailingClient(JobStorage storage) => Client = new BackgroundJobClient(storage, new JobFilterCollection { this });

        public BackgroundJobClient Client { get; }

        public bool Fail { get; set; }

        public void OnCreating(CreatingContext context)
        {
            if (Fail)
            {
                throw new InvalidOperationException("the queue's storage is unreachable");
            }
        }

        public void OnCreated(CreatedContext context)
        {
        }
    }
}
