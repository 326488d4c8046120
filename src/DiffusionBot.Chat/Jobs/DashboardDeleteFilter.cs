using System.Text.Json;
using DiffusionBot.Chat.Storage;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// Deleting a render job (in the dashboard, by an operator) cancels the request bound to it, the way <c>/cancel</c>
/// does: a waiting request ends at once with its quota given back and its user told; a running one stops within a
/// step, wherever it runs, and its worker tells the user. A request already finished is left alone.
/// </summary>
public sealed class DashboardDeleteFilter(
    JobLabels labels,
    RequestStore requests,
    RunningRequests running,
    Quotas.QuotaStore quotas,
    IChatReplyRouter replies,
    ILogger<DashboardDeleteFilter> logger) : IApplyStateFilter
{
    public const string UserNotice = "Cancelled by an operator (the job was deleted in the dashboard).";

    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is not DeletedState deleted || deleted.Reason is JobOutcomeStateFilter.CancelledReason or HangfireJobQueue.DiscardReason)
        {
            return;
        }

        try
        {
            if (labels.RequestOf(context.BackgroundJob.Job) is not { } request || RequestStatus.IsFinal(request.Status))
            {
                return;
            }

            switch (requests.RequestCancel(request.Id))
            {
                case RequestStatus.Cancelled:
                    quotas.Release(request.Id);
                    Tell(request);
                    logger.DeletedInDashboard(context.BackgroundJob.Id, request.Id);
                    break;
                case RequestStatus.Cancelling:
                    // The worker that runs it (here or in another process, through the database) stops and tells the user.
                    running.RequestCancel(request.Id);
                    logger.DeletedInDashboard(context.BackgroundJob.Id, request.Id);
                    break;
            }
        }
        catch (Exception e)
        {
            logger.DashboardCancelFailed(e, context.BackgroundJob.Id);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }

    private void Tell(StoredRequest request)
    {
        var origin = JsonSerializer.Deserialize(request.OriginJson, ChatJsonContext.Default.CommandOrigin)!;
        var id = request.Id;
        _ = Task.Run(async () =>
        {
            try
            {
                await replies.For(origin.Platform).SetStatusAsync(origin.ReplyAddress, UserNotice, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e)
            {
                logger.DashboardCancelFailed(e, id);
            }
        });
    }
}
