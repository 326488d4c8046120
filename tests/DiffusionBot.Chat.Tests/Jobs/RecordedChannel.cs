using System.Collections.Concurrent;
using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>An <see cref="IChatReply"/> that records every call, like a channel that shows all it was sent.</summary>
internal sealed class RecordedChannel : IChatReply
{
    private int _messageIds;

    public ConcurrentQueue<string> Statuses { get; } = new();

    public ConcurrentQueue<int> PreviewSteps { get; } = new();

    public ConcurrentQueue<byte[]> PreviewJpegs { get; } = new();

    public ConcurrentQueue<ResultPost> Results { get; } = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    /// <summary>Runs inside <see cref="ShowPreviewAsync"/>, while the job is still rendering.</summary>
    public Action? OnPreview { get; set; }

    /// <summary>Runs inside <see cref="PostResultAsync"/> before it records the post (to simulate a crash mid-post).</summary>
    public Action<ResultPost>? BeforePost { get; set; }

    public ValueTask SetStatusAsync(ReplyAddress address, string text, CancellationToken cancellationToken)
    {
        Statuses.Enqueue(text);
        return ValueTask.CompletedTask;
    }

    public ValueTask ShowPreviewAsync(ReplyAddress address, ReadOnlyMemory<byte> jpeg, int step, int totalSteps, CancellationToken cancellationToken)
    {
        PreviewSteps.Enqueue(step);
        PreviewJpegs.Enqueue(jpeg.ToArray());
        OnPreview?.Invoke();
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> PostResultAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken)
    {
        BeforePost?.Invoke(post);
        Results.Enqueue(post);
        IReadOnlyList<string> ids = [$"m{Interlocked.Increment(ref _messageIds)}"];
        return ValueTask.FromResult(ids);
    }

    public ValueTask PostErrorAsync(ReplyAddress address, string message, CancellationToken cancellationToken)
    {
        Errors.Enqueue(message);
        return ValueTask.CompletedTask;
    }
}
