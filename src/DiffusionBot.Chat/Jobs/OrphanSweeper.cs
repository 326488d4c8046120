using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// In every worker, twice per lease period: makes sure no request is stranded. A running request
/// whose worker stopped renewing its lease (killed, crashed, unplugged) goes back to the queue, or
/// ends as cancelled (quota given back) when a cancel was asked before its worker died. Then every
/// queued request whose job is gone (never queued because the enqueue failed, deleted in the
/// dashboard, a re-enqueue that failed in an earlier sweep) gets a new one. Also at start-up, which is
/// how a job interrupted by a crash resumes after a restart on the same SQLite file.
/// </summary>
internal sealed class OrphanSweeper(
    RequestStore requests,
    Quotas.QuotaStore quotas,
    IJobQueue queue,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<OrphanSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(0.5, options.Value.LeaseSeconds / 2));
        while (!stoppingToken.IsCancellationRequested)
        {
            Sweep();
            await Task.Delay(period, time, stoppingToken).ConfigureAwait(false);
        }
    }

    /// <summary>One pass. Never throws: what fails is logged and tried again on the next pass.</summary>
    public void Sweep()
    {
        try
        {
            foreach (var id in requests.Orphaned())
            {
                Try(id, () => TakeBack(id));
            }

            // A request without a job, or quota without a request, is left alone for one lease period:
            // its dispatcher may still be saving or queuing it.
            var grace = TimeSpan.FromSeconds(options.Value.LeaseSeconds);
            foreach (var queued in requests.QueuedJobs(grace))
            {
                Try(queued.RequestId, () => EnsureJob(queued));
            }

            if (quotas.ReleaseUnsaved(grace) is > 0 and var released)
            {
                logger.UnsavedQuotaReleased(released);
            }
        }
        catch (Exception e)
        {
            logger.SweepFailed(e);
        }
    }

    private void TakeBack(string id)
    {
        switch (requests.RequeueOrphan(id))
        {
            case OrphanOutcome.Requeued:
                logger.OrphanRequeued(id);
                break;
            case OrphanOutcome.Cancelled:
                quotas.Release(id);
                logger.OrphanCancelled(id);
                break;
        }
    }

    private void EnsureJob(QueuedJob queued)
    {
        if (queued.JobId is { } existing && queue.IsPending(existing))
        {
            return;
        }

        // A fresh ticket: the request's old one may be bound to another request by now.
        var ticket = Guid.NewGuid().ToString("N");
        var fresh = queue.Enqueue(ticket);
        if (requests.AssignJob(queued.RequestId, queued.JobId, fresh, ticket))
        {
            logger.JobRestored(queued.RequestId, queued.JobId ?? "none");
        }
        else
        {
            // Another sweeper (or the dispatcher) got there first, or the request started meanwhile.
            queue.Discard(fresh);
        }
    }

    private void Try(string requestId, Action action)
    {
        try
        {
            action();
        }
        catch (Exception e)
        {
            logger.SweepFailedFor(e, requestId);
        }
    }
}
