using DiffusionBot.Chat.Replies;

namespace DiffusionBot.Chat.Tests.Replies;

/// <summary>An <see cref="IChatReply"/> that records previews; a preview send can be held open until the test releases it.</summary>
internal sealed class RecordingChatReply : IChatReply
{
    private readonly Lock _gate = new();
    private readonly List<int> _previewSteps = [];
    private readonly Queue<TaskCompletionSource> _held = new();
    private bool _holding;

    public IReadOnlyList<int> PreviewSteps
    {
        get
        {
            lock (_gate)
            {
                return [.. _previewSteps];
            }
        }
    }

    public CancellationToken LastPreviewToken { get; private set; }

    /// <summary>Throws from the next preview send.</summary>
    public Exception? FailNext { get; set; }

    /// <summary>Makes every later preview send wait until <see cref="Release"/> or its token is cancelled.</summary>
    public void HoldSends() => _holding = true;

    /// <summary>Ends the oldest send being held; its caller continues on this thread before this returns.</summary>
    public void Release()
    {
        TaskCompletionSource? held;
        lock (_gate)
        {
            _held.TryDequeue(out held);
        }

        if (held is null)
        {
            return;
        }

        // xunit's synchronization context stops awaits from continuing inline; without one, the throttle's send
        // loop resumes on this thread before Release returns.
        var context = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(null);
        try
        {
            held.TrySetResult();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(context);
        }
    }

    public ValueTask ShowPreviewAsync(ReplyAddress address, ReadOnlyMemory<byte> jpeg, int step, int totalSteps, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _previewSteps.Add(step);
        }

        LastPreviewToken = cancellationToken;
        if (FailNext is { } failure)
        {
            FailNext = null;
            throw failure;
        }

        if (!_holding)
        {
            return ValueTask.CompletedTask;
        }

        // Continuations run on the thread that releases or cancels, so the test stays in control without sleeping.
        var send = new TaskCompletionSource();
        lock (_gate)
        {
            _held.Enqueue(send);
        }

        cancellationToken.Register(() => send.TrySetCanceled(cancellationToken));
        return new ValueTask(send.Task);
    }

    public ValueTask SetStatusAsync(ReplyAddress address, string text, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<IReadOnlyList<string>> PostResultAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<string>>([]);

    public ValueTask PostErrorAsync(ReplyAddress address, string message, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
