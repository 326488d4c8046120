using Hangfire.States;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// Makes the dashboard honest about render jobs: the job returns normally whatever happened (the user was told
/// already), and this filter turns a failed request into the Failed state with the reason, and a cancelled one into
/// Deleted, instead of Succeeded.
/// </summary>
public sealed class JobOutcomeStateFilter : IElectStateFilter
{
    public const string CancelledReason = "The request was cancelled.";

    public void OnStateElection(ElectStateContext context)
    {
        if (context.CandidateState is not SucceededState { Result: JobOutcome outcome })
        {
            return;
        }

        context.CandidateState = outcome.Status switch
        {
            JobOutcome.FailedStatus => new FailedState(new RequestFailedException(outcome.Reason ?? "The request failed.")) { Reason = $"Request {outcome.RequestId} failed: {outcome.Reason}" },
            JobOutcome.CancelledStatus => new DeletedState { Reason = CancelledReason },
            _ => context.CandidateState,
        };
    }
}
