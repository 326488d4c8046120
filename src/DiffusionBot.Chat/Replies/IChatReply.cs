namespace DiffusionBot.Chat.Replies;

/// <summary>
/// How a job talks back to a chat: one implementation per platform, using REST only, so any worker can answer any chat.
/// </summary>
/// <remarks>
/// Implementations never ping mentions in echoed text, and choose between an interaction token and the bot token
/// (<see cref="ReplyAddress.CanUseInteraction"/>) themselves.
/// </remarks>
public interface IChatReply
{
    /// <summary>Replaces the status line of the message at <paramref name="address"/> ("Queued: 2 ahead of you").</summary>
    ValueTask SetStatusAsync(ReplyAddress address, string text, CancellationToken cancellationToken);

    /// <summary>Shows a rough preview of a running request on the message at <paramref name="address"/>.</summary>
    /// <remarks>Called at most once per <see cref="PreviewOptions.Interval"/> per message (<see cref="PreviewThrottle"/>).</remarks>
    ValueTask ShowPreviewAsync(ReplyAddress address, ReadOnlyMemory<byte> jpeg, int step, int totalSteps, CancellationToken cancellationToken);

    /// <summary>Posts the finished images with their buttons; returns the ids of the messages posted, in order.</summary>
    /// <remarks>The ids are recorded so that buttons and reactions on them find the result after a restart.</remarks>
    ValueTask<IReadOnlyList<string>> PostResultAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken);

    /// <summary>Tells the user, in one polite line, why a request failed.</summary>
    ValueTask PostErrorAsync(ReplyAddress address, string message, CancellationToken cancellationToken);
}
