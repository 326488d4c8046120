namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// What one run of <see cref="GenerateImagesJob"/> did with the request it ran. <see cref="JobOutcomeStateFilter"/>
/// turns it into the job's state in the dashboard: failed requests show as Failed with the reason, cancelled ones as Deleted.
/// </summary>
public sealed record JobOutcome(string Status, string? RequestId, string? Reason = null)
{
    public const string DoneStatus = "done";
    public const string FailedStatus = "failed";
    public const string CancelledStatus = "cancelled";
    public const string IdleStatus = "idle";
    public const string HandedOverStatus = "handed-over";

    public static JobOutcome Done(string requestId) => new(DoneStatus, requestId);

    public static JobOutcome Failed(string requestId, string reason) => new(FailedStatus, requestId, reason);

    public static JobOutcome Cancelled(string requestId) => new(CancelledStatus, requestId);

    /// <summary>Nothing was waiting (another worker took it, or it was cancelled before it started).</summary>
    public static JobOutcome Idle { get; } = new(IdleStatus, null);

    /// <summary>Another worker holds the request now and finishes it.</summary>
    public static JobOutcome HandedOver(string requestId) => new(HandedOverStatus, requestId);
}
