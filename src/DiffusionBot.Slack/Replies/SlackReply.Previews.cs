using System.Globalization;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Slack.WebApi;

namespace DiffusionBot.Slack.Replies;

/// <summary>
/// Previews, in the status message's thread, one at a time: each is uploaded and shared there (a file shared into the
/// conversation is one every member can see), then the one before it is deleted (<c>files.delete</c>); the last goes when the
/// result, an error or a cancel arrives. The status message itself never shows an image, so it never shows a stale one.
/// </summary>
/// <remarks>
/// Why not an image block in the status message: a <c>slack_file</c> block may only name a file shared into a conversation
/// the viewer can see, and an unshared upload makes the whole <c>chat.update</c> fail with <c>invalid_blocks</c>
/// (python-slack-sdk#1658, bolt-python#1251, java-slack-sdk#1349); a shared one can still be processing right after
/// <c>files.completeUploadExternal</c> (slackapi/bolt-js#2115). Per preview this costs one upload (Tier 4 methods) and one
/// <c>files.delete</c> (Tier 3, 50+ a minute); at the 2-second default that is 30 a minute per job, and a preview is skipped
/// outright while any of the three methods is held back by a 429.
/// </remarks>
internal sealed partial class SlackReply
{
    private static readonly string[] PreviewMethods = ["files.getUploadURLExternal", "files.completeUploadExternal", "files.delete"];

    // Status messages whose conversation refused a preview (the bot was removed): no more previews are tried there.
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _refusedPreviews = new(StringComparer.Ordinal);

    public async ValueTask ShowPreviewAsync(ReplyAddress address, ReadOnlyMemory<byte> jpeg, int step, int totalSteps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.MessageId is not { } ts || jpeg.IsEmpty)
        {
            return;
        }

        // A preview is worth showing only now: while an upload or delete method is held back by a 429, or this message got
        // a preview less than an interval ago, it is dropped rather than queued behind the limit.
        var key = Key(address.ChannelId, ts);
        if (_refusedPreviews.ContainsKey(key) || PreviewMethods.Any(m => _api.RateLimitRemaining(m) > TimeSpan.Zero) || !_previews.TryEnter(key))
        {
            return;
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"{PreviewPrefix(ts)}{step}.jpg");
        var title = string.Create(CultureInfo.InvariantCulture, $"Preview — step {step} of {totalSteps}");
        // Once started, an upload runs to its end and is recorded, even when the job stops previews meanwhile: a completion
        // Slack accepted for a caller that had given up would share a file nobody deletes.
        cancellationToken.ThrowIfCancellationRequested();
        UploadedFile file;
        try
        {
            file = await _api.UploadFileAsync(
                new SlackFileUpload(name, jpeg) { Title = title, AltText = title, ChannelId = address.ChannelId, ThreadTs = ts },
                CancellationToken.None).ConfigureAwait(false);
        }
        catch (SlackApiException exception) when (ChannelRefusal.Is(exception.Error))
        {
            // The bot was removed: no later preview of this job can land either; the result tells the user.
            _refusedPreviews.TryAdd(key, 0);
            _logger.ChannelRefused(address.ChannelId, exception.Error);
            return;
        }

        foreach (var older in _previewFiles.Add(key, file.Id ?? ""))
        {
            await DeletePreviewAsync(key, older, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The start of every preview file name of one status message: a result's files never start like this.</summary>
    private static string PreviewPrefix(string statusTs) => "dbot-preview-" + statusTs + "-";

    /// <summary>Deletes the previews this process shared for the address's status message, and <paramref name="found"/> in its thread.</summary>
    private async Task DeletePreviewsAsync(ReplyAddress address, IReadOnlyList<string> found, CancellationToken cancellationToken)
    {
        if (address.MessageId is not { } ts)
        {
            return;
        }

        var key = Key(address.ChannelId, ts);
        _refusedPreviews.TryRemove(key, out _);
        foreach (var fileId in _previewFiles.TakeAll(key).Union(found, StringComparer.Ordinal))
        {
            await DeletePreviewAsync(key, fileId, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task DeletePreviewAsync(string key, string fileId, CancellationToken cancellationToken)
    {
        if (fileId.Length == 0)
        {
            return;
        }

        try
        {
            await _api.DeleteFileAsync(fileId, cancellationToken).ConfigureAwait(false);
            _previewFiles.Remove(key, fileId);
        }
        catch (SlackApiException exception) when (exception.Error is "file_not_found" or "file_deleted")
        {
            _previewFiles.Remove(key, fileId);
        }
        catch (SlackApiException exception)
        {
            // While previews go on the file stays listed and the next one tries again; at the end it is logged and left.
            _logger.PreviewDeleteFailed(exception.Error);
        }
    }
}
