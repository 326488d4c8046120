using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// In every worker: finds running requests whose worker stopped renewing its lease (killed,
/// crashed, unplugged) and queues them again, so no job is lost. At start-up too, which is how a
/// job interrupted by a crash resumes after a restart on the same SQLite file.
/// </summary>
internal sealed class OrphanSweeper(RequestStore requests, IJobQueue queue, IOptions<JobsOptions> options, TimeProvider time, ILogger<OrphanSweeper> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var period = TimeSpan.FromSeconds(Math.Max(0.5, options.Value.LeaseSeconds / 2));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var id in requests.Orphaned())
                {
                    if (requests.RequeueOrphan(id))
                    {
                        logger.OrphanRequeued(id);
                        queue.Enqueue(id);
                    }
                }
            }
            catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
            {
                logger.SweepFailed(e);
            }

            await Task.Delay(period, time, stoppingToken).ConfigureAwait(false);
        }
    }
}
