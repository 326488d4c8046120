namespace DiffusionBot.Chat.Jobs;

/// <summary>What the dispatcher tells the user right away.</summary>
public abstract record DispatchOutcome(string Message)
{
    /// <summary>A job was queued; <see cref="QueuePosition"/> 1 means it starts now.</summary>
    public sealed record Queued(string RequestId, int QueuePosition, string Message) : DispatchOutcome(Message);

    /// <summary>Nothing was queued; the message says why (shown ephemerally where the platform allows).</summary>
    public sealed record Refused(string Message) : DispatchOutcome(Message);

    /// <summary>The command was answered without a job (info, cancel, upscale).</summary>
    public sealed record Answered(string Message) : DispatchOutcome(Message);
}
