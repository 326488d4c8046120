namespace DiffusionBot.Chat.Storage;

/// <summary>Where a request is in its life; stored as lower-case text.</summary>
public static class RequestStatus
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Cancelling = "cancelling";
    public const string Done = "done";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static bool IsFinal(string status) => status is Done or Failed or Cancelled;
}
