using System.Globalization;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Playground.Messages;
using SixLabors.ImageSharp;

namespace DiffusionBot.Playground;

/// <summary>
/// The playground's <see cref="IChatReply"/>: every reply is a row in the jobs database, which the page reads, so a worker
/// in any process can answer. A result is stored once per status message and result id (the idempotency key), so a job
/// rerun after a crash shows it exactly once.
/// </summary>
internal sealed class PlaygroundReply(PlaygroundMessageStore store) : IChatReply
{
    /// <summary>What a status message says once its job has failed; the reason is in its thread.</summary>
    internal const string FailedStatus = "Not painted — the reason is in the thread.";

    public ValueTask SetStatusAsync(ReplyAddress address, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        cancellationToken.ThrowIfCancellationRequested();
        // A status set by text (e.g. "Cancelled.") ends the live preview, so no stale picture stays beside it.
        if (StatusId(address) is not { } id || !store.Finish(id, text))
        {
            store.Insert(MessageKind.Status, text);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ShowPreviewAsync(ReplyAddress address, ReadOnlyMemory<byte> jpeg, int step, int totalSteps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        cancellationToken.ThrowIfCancellationRequested();
        if (StatusId(address) is { } id)
        {
            var text = string.Create(CultureInfo.InvariantCulture, $"Painting… step {step} of {totalSteps}");
            store.SetPicture(id, 0, new StoredPicture("image/jpeg", jpeg.ToArray()), text);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask<IReadOnlyList<string>> PostResultAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(post);
        cancellationToken.ThrowIfCancellationRequested();
        var buttons = post.Actions.Select(a => new PlaygroundButton(a.Label, ActionName(a), a.ImageIndex)).ToList();
        var pictures = post.Images.Select(i => new StoredPicture("image/png", i.Png.ToArray())).ToList();
        var done = post.Images.Count == 1 ? "Done — the image is in the thread." : $"Done — {post.Images.Count} images in the thread.";
        var (id, _) = store.InsertResult(IdempotencyKey(address, post.ResultId), StatusId(address), post.Caption, post.ResultId, buttons, pictures, done, Thumbnail(post));
        return ValueTask.FromResult<IReadOnlyList<string>>([id.ToString(CultureInfo.InvariantCulture)]);
    }

    public ValueTask PostErrorAsync(ReplyAddress address, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        cancellationToken.ThrowIfCancellationRequested();
        var status = StatusId(address);
        store.Insert(MessageKind.Error, message, status);
        if (status is { } id)
        {
            store.Finish(id, FailedStatus);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>One result per status message and result id: a rerun posts into the same place with the same id.</summary>
    internal static string IdempotencyKey(ReplyAddress address, string resultId) =>
        $"result:{address.ChannelId}:{address.MessageId}:{resultId}";

    /// <summary><c>upscale</c>, <c>vary</c>, <c>reroll</c>, <c>edit:&lt;edit&gt;</c> (zoom, pan, upscale 2×) or <c>region</c> (the brush).</summary>
    internal static string ActionName(ResultAction action) => action.Kind switch
    {
        ResultActionKind.Upscale => "upscale",
        ResultActionKind.Vary => "vary",
        ResultActionKind.Reroll => "reroll",
        ResultActionKind.Edit => "edit:" + action.Edit,
        ResultActionKind.RegionMenu => "region",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action.Kind, "Unknown action."),
    };

    /// <summary>The result in small, to replace the status's live preview; none if an image cannot be read.</summary>
    private static StoredPicture? Thumbnail(ResultPost post)
    {
        if (post.Images.Count == 0)
        {
            return null;
        }

        try
        {
            return new StoredPicture("image/png", ResultThumbnail.RenderPng([.. post.Images.Select(i => i.Png)]));
        }
        catch (ImageFormatException)
        {
            return null;
        }
    }

    private static long? StatusId(ReplyAddress address) =>
        long.TryParse(address.MessageId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
