using System.Collections.Concurrent;
using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>
/// The Playground's <see cref="IChatReply"/> for the benchmark: answers at once, counts previews,
/// and completes a waiter when a request's result (or error) is posted.
/// </summary>
internal sealed class TimedChannel : IChatReply
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _posted = new();
    private int _messageIds;
    private int _previews;

    /// <summary>Previews shown since the last <see cref="TakePreviews"/>.</summary>
    public int TakePreviews() => Interlocked.Exchange(ref _previews, 0);

    /// <summary>Completes when the result of <paramref name="requestId"/> is posted.</summary>
    public Task PostedAsync(string requestId) => Waiter(requestId).Task;

    public ValueTask SetStatusAsync(ReplyAddress address, string text, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask ShowPreviewAsync(ReplyAddress address, ReadOnlyMemory<byte> jpeg, int step, int totalSteps, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _previews);
        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> PostResultAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(post);
        Waiter(post.ResultId).TrySetResult();
        IReadOnlyList<string> ids = [$"m{Interlocked.Increment(ref _messageIds)}"];
        return ValueTask.FromResult(ids);
    }

    public ValueTask PostErrorAsync(ReplyAddress address, string message, CancellationToken cancellationToken) =>
        throw new InvalidOperationException($"A benchmark request failed: {message}");

    private TaskCompletionSource Waiter(string requestId) =>
        _posted.GetOrAdd(requestId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
