using System.Globalization;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Slack.WebApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Replies;

/// <summary>
/// Slack's <see cref="IChatReply"/>, over the Web API with the bot token only, so any worker can answer. The status message
/// (<see cref="ReplyAddress.MessageId"/>, a <c>ts</c>) is edited with <c>chat.update</c>; previews and results are shared into
/// its thread (previews one at a time, see <see cref="ShowPreviewAsync"/>), followed by a message with the buttons.
/// </summary>
/// <remarks>
/// Slack has no nonce, so <see cref="PostResultAsync"/> reads the whole thread back (<c>conversations.replies</c>, every page)
/// before it posts: a rerun after a crash finds the buttons message it posted (by block id) and the files it uploaded (by
/// file name) and posts only what is missing. A read that fails posts nothing and fails the attempt, so the job tries again
/// later and, when its attempts run out, tells the user; only a missing history scope, which no retry fixes, posts unchecked.
/// The one gap: Slack shares a file a moment after <c>files.completeUploadExternal</c> returns (slackapi/bolt-js#2115), so an
/// upload completed just before a crash may be missing from the read-back and be uploaded twice.
/// Where Slack refuses the conversation itself (<see cref="ChannelRefusal"/>) the result throws
/// <see cref="ReplyRefusedException"/>, and errors and status lines go to the user through the command's <c>response_url</c>.
/// </remarks>
internal sealed partial class SlackReply : IChatReply
{
    private readonly SlackWebApiClient _api;
    private readonly ILogger<SlackReply> _logger;
    private readonly PreviewGate _previews;
    private readonly PreviewFiles _previewFiles = new();
    private readonly TimeProvider _time;

    public SlackReply(SlackWebApiClient api, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackReply> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _api = api;
        _logger = logger;
        _time = time;
        _previews = new PreviewGate(TimeSpan.FromSeconds(options.Value.PreviewIntervalSeconds), time);
    }

    /// <remarks>The job sets a status only when painting has stopped (cancelled), so the thread's preview goes with it.</remarks>
    public async ValueTask SetStatusAsync(ReplyAddress address, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(text);
        await DeletePreviewsAsync(address, [], cancellationToken).ConfigureAwait(false);
        var escaped = SlackText.EscapeAndTruncate(text);
        try
        {
            if (address.MessageId is { } ts)
            {
                await _api.UpdateMessageAsync(new ChatUpdateRequest { Channel = address.ChannelId, Ts = ts, Text = escaped, Blocks = SlackBlocks.None }, cancellationToken).ConfigureAwait(false);
                return;
            }

            await _api.PostMessageAsync(new ChatPostMessageRequest { Channel = address.ChannelId, ThreadTs = address.ThreadId, Text = escaped }, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException exception) when (ChannelRefusal.Is(exception.Error))
        {
            _logger.ChannelRefused(address.ChannelId, exception.Error);
            await RespondAsync(address, escaped, cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask<IReadOnlyList<string>> PostResultAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(post);
        try
        {
            return await PostResultCoreAsync(address, post, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException exception) when (ChannelRefusal.Is(exception.Error))
        {
            _logger.ChannelRefused(address.ChannelId, exception.Error);
            throw new ReplyRefusedException(ChannelRefusal.Explain(exception.Error, address.ChannelId), exception);
        }
    }

    public async ValueTask PostErrorAsync(ReplyAddress address, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(message);

        // A job's failure has no user to whisper to (the address names none), so it replaces the requester's own status line,
        // or, where the bot cannot post, reaches them through the command's response_url.
        await SetStatusAsync(address, "⚠️ " + message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The block id that marks one post of one result: the result id and the shape of its buttons.</summary>
    internal static string Marker(ResultPost post)
    {
        var shape = string.Concat(post.Actions.Select(a => a.Kind switch
        {
            ResultActionKind.Upscale => "u" + a.ImageIndex.GetValueOrDefault().ToString(CultureInfo.InvariantCulture),
            ResultActionKind.Vary => "v" + a.ImageIndex.GetValueOrDefault().ToString(CultureInfo.InvariantCulture),
            _ => "r",
        }));
        return string.Create(CultureInfo.InvariantCulture, $"dbot-{post.ResultId}-{post.Images.Count}{shape}");
    }

    private async Task<IReadOnlyList<string>> PostResultCoreAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken)
    {
        var channel = address.ChannelId;
        var marker = Marker(post);

        // 1. The thread: the status message's, or a new message when the address names neither thread nor status.
        var thread = address.ThreadId ?? address.MessageId;
        if (thread is null)
        {
            var opened = await _api.PostMessageAsync(new ChatPostMessageRequest { Channel = channel, Text = SlackText.EscapeAndTruncate(post.PromptEcho) }, cancellationToken).ConfigureAwait(false);
            thread = opened.Ts ?? throw new SlackApiException("chat.postMessage", "invalid_response");
        }

        // 2. What an earlier attempt already posted into the thread (the idempotency check); a failed read throws.
        var existing = await ReadThreadAsync(channel, thread, marker, address.MessageId, cancellationToken).ConfigureAwait(false);
        if (existing.ButtonsTs is { } posted)
        {
            await DeletePreviewsAsync(address, existing.PreviewFileIds, cancellationToken).ConfigureAwait(false);
            return MessageIds(posted, address);
        }

        // 3. The images, into the thread, each once.
        for (var i = 0; i < post.Images.Count; i++)
        {
            var name = FileName(marker, i);
            if (existing.FileNames.Contains(name))
            {
                continue;
            }

            var title = string.Create(CultureInfo.InvariantCulture, $"Image {i + 1}");
            await _api.UploadFileAsync(
                new SlackFileUpload(name, post.Images[i].Png) { Title = title, AltText = Alt(post.PromptEcho), ChannelId = channel, ThreadTs = thread },
                cancellationToken).ConfigureAwait(false);
        }

        // 4. The final images are in: the last preview leaves the thread.
        await DeletePreviewsAsync(address, existing.PreviewFileIds, cancellationToken).ConfigureAwait(false);

        // 5. The buttons, in one message whose first actions block carries the marker.
        var buttons = await _api.PostMessageAsync(
            new ChatPostMessageRequest
            {
                Channel = channel,
                ThreadTs = thread,
                Text = SlackText.EscapeAndTruncate(post.Caption),
                Blocks = SlackBlocks.Result(post.Caption, post.ResultId, post.Actions, marker),
            },
            cancellationToken).ConfigureAwait(false);
        var buttonsTs = buttons.Ts ?? throw new SlackApiException("chat.postMessage", "invalid_response");

        // 6. The status line says where to look, with no image in it; best effort, the result is already there.
        if (address.MessageId is { } status)
        {
            _previews.Forget(Key(channel, status));
            var done = post.Images.Count == 1 ? "Done — the image is in the thread." : $"Done — {post.Images.Count} images in the thread.";
            try
            {
                await _api.UpdateMessageAsync(new ChatUpdateRequest { Channel = channel, Ts = status, Text = done, Blocks = SlackBlocks.None }, cancellationToken).ConfigureAwait(false);
            }
            catch (SlackApiException exception)
            {
                _logger.StatusEditFailed(exception, exception.Method, exception.Error);
            }
        }

        return MessageIds(buttonsTs, address);
    }

    private static string FileName(string marker, int index) => string.Create(CultureInfo.InvariantCulture, $"{marker}-{index + 1}.png");

    private static string Alt(string prompt) => prompt.Length <= 1000 ? prompt : prompt[..1000];

    private static string Key(string channel, string ts) => channel + "/" + ts;

    // The buttons message and the status message (the thread's parent) both lead back to the result.
    private static IReadOnlyList<string> MessageIds(string buttonsTs, ReplyAddress address) =>
        address.MessageId is { } status && status != buttonsTs ? [buttonsTs, status] : [buttonsTs];

    /// <summary>Answers through the command's <c>response_url</c> while it lives; logs when it cannot.</summary>
    private async Task RespondAsync(ReplyAddress address, string text, CancellationToken cancellationToken)
    {
        if (!address.CanUseInteraction(_time.GetUtcNow()))
        {
            _logger.NoWayToAnswer("(the requester)", address.ChannelId);
            return;
        }

        try
        {
            await _api.RespondAsync(address.InteractionToken!, text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SlackApiException or HttpRequestException)
        {
            _logger.NoWayToAnswer("(the requester)", address.ChannelId);
        }
    }

    private async Task<ThreadState> ReadThreadAsync(string channel, string thread, string marker, string? statusTs, CancellationToken cancellationToken)
    {
        IReadOnlyList<SlackMessage> messages;
        try
        {
            messages = await _api.GetRepliesAsync(channel, thread, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException exception) when (exception.Error == "missing_scope")
        {
            // Without the history scope no retry can read the thread; post, accepting a possible repeat after a crash.
            _logger.ThreadReadFailed(exception, exception.Error);
            return new ThreadState(null, [], []);
        }

        string? buttons = null;
        var files = new HashSet<string>(StringComparer.Ordinal);
        var previews = new List<string>();
        var previewPrefix = statusTs is null ? null : PreviewPrefix(statusTs);
        foreach (var message in messages)
        {
            if (buttons is null && message.Ts is { } ts && SlackBlocks.HasBlockId(message.Blocks, marker))
            {
                buttons = ts;
            }

            foreach (var file in message.Files ?? [])
            {
                if (file.Name is not { } name)
                {
                    continue;
                }

                if (name.StartsWith(marker, StringComparison.Ordinal))
                {
                    files.Add(name);
                }
                else if (previewPrefix is not null && file.Id is { } id && name.StartsWith(previewPrefix, StringComparison.Ordinal))
                {
                    previews.Add(id);
                }
            }
        }

        return new ThreadState(buttons, files, previews);
    }

    private sealed record ThreadState(string? ButtonsTs, HashSet<string> FileNames, IReadOnlyList<string> PreviewFileIds);
}
