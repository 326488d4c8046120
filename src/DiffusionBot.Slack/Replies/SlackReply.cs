using System.Globalization;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Slack.WebApi;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Replies;

/// <summary>
/// Slack's <see cref="IChatReply"/>, over the Web API with the bot token only, so any worker can answer. The status message
/// (<see cref="ReplyAddress.MessageId"/>, a <c>ts</c>) is edited with <c>chat.update</c>; previews are uploaded unshared and shown
/// in it as a <c>slack_file</c> image block; results are uploaded into its thread, followed by a message with the buttons.
/// </summary>
/// <remarks>
/// Slack has no nonce, so <see cref="PostResultAsync"/> reads the thread back (<c>conversations.replies</c>) before it posts:
/// a rerun after a crash finds the buttons message it posted (by block id) and the files it uploaded (by file name) and
/// posts only what is missing. The one gap: an upload whose completion Slack accepted while the thread read-back lags
/// behind it can be uploaded twice.
/// </remarks>
internal sealed class SlackReply : IChatReply
{
    private readonly SlackWebApiClient _api;
    private readonly ILogger<SlackReply> _logger;
    private readonly PreviewGate _previews;

    public SlackReply(SlackWebApiClient api, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackReply> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _api = api;
        _logger = logger;
        _previews = new PreviewGate(TimeSpan.FromSeconds(options.Value.PreviewIntervalSeconds), time);
    }

    public async ValueTask SetStatusAsync(ReplyAddress address, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(text);
        var escaped = SlackText.EscapeAndTruncate(text);
        if (address.MessageId is { } ts)
        {
            await _api.UpdateMessageAsync(new ChatUpdateRequest { Channel = address.ChannelId, Ts = ts, Text = escaped, Blocks = SlackBlocks.None }, cancellationToken).ConfigureAwait(false);
            return;
        }

        await _api.PostMessageAsync(new ChatPostMessageRequest { Channel = address.ChannelId, ThreadTs = address.ThreadId, Text = escaped }, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask ShowPreviewAsync(ReplyAddress address, ReadOnlyMemory<byte> jpeg, int step, int totalSteps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.MessageId is not { } ts || jpeg.IsEmpty)
        {
            return;
        }

        // A preview is worth showing only now: when chat.update is held back by a 429, or this message was edited less
        // than an interval ago, it is dropped rather than queued behind the limit.
        if (_api.RateLimitRemaining("chat.update") > TimeSpan.Zero || !_previews.TryEnter(Key(address.ChannelId, ts)))
        {
            return;
        }

        var name = string.Create(CultureInfo.InvariantCulture, $"preview-{step}.jpg");
        var text = string.Create(CultureInfo.InvariantCulture, $"Painting… step {step} of {totalSteps}");
        var file = await _api.UploadFileAsync(new SlackFileUpload(name, jpeg) { Title = text, AltText = text }, cancellationToken).ConfigureAwait(false);
        await _api.UpdateMessageAsync(
            new ChatUpdateRequest { Channel = address.ChannelId, Ts = ts, Text = text, Blocks = SlackBlocks.Preview(text, file.Id, text) },
            cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<IReadOnlyList<string>> PostResultAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(post);
        var channel = address.ChannelId;
        var marker = Marker(post);

        // 1. The thread: the status message's, or a new message when the address names neither thread nor status.
        var thread = address.ThreadId ?? address.MessageId;
        if (thread is null)
        {
            var opened = await _api.PostMessageAsync(new ChatPostMessageRequest { Channel = channel, Text = SlackText.EscapeAndTruncate(post.PromptEcho) }, cancellationToken).ConfigureAwait(false);
            thread = opened.Ts ?? throw new SlackApiException("chat.postMessage", "invalid_response");
        }

        // 2. What an earlier attempt already posted into the thread (the idempotency check).
        var existing = await ReadThreadAsync(channel, thread, marker, cancellationToken).ConfigureAwait(false);
        if (existing.ButtonsTs is { } posted)
        {
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

        // 4. The buttons, in one message whose actions block carries the marker.
        var buttons = await _api.PostMessageAsync(
            new ChatPostMessageRequest
            {
                Channel = channel,
                ThreadTs = thread,
                Text = SlackText.EscapeAndTruncate(post.PromptEcho),
                Blocks = SlackBlocks.Result(post.PromptEcho, post.ResultId, post.Actions, marker),
            },
            cancellationToken).ConfigureAwait(false);
        var buttonsTs = buttons.Ts ?? throw new SlackApiException("chat.postMessage", "invalid_response");

        // 5. The status line says where to look; best effort, the result is already there.
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

    public async ValueTask PostErrorAsync(ReplyAddress address, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(message);

        // A job's failure has no user to whisper to (the address names none), so it replaces the requester's own status line.
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

    private static string FileName(string marker, int index) => string.Create(CultureInfo.InvariantCulture, $"{marker}-{index + 1}.png");

    private static string Alt(string prompt) => prompt.Length <= 1000 ? prompt : prompt[..1000];

    private static string Key(string channel, string ts) => channel + "/" + ts;

    // The buttons message and the status message (the thread's parent) both lead back to the result.
    private static IReadOnlyList<string> MessageIds(string buttonsTs, ReplyAddress address) =>
        address.MessageId is { } status && status != buttonsTs ? [buttonsTs, status] : [buttonsTs];

    private async Task<ThreadState> ReadThreadAsync(string channel, string thread, string marker, CancellationToken cancellationToken)
    {
        IReadOnlyList<SlackMessage> messages;
        try
        {
            messages = await _api.GetRepliesAsync(channel, thread, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException exception) when (!exception.IsFinal || exception.Error == "missing_scope")
        {
            // Without channels:history the thread cannot be read back; post, accepting a possible repeat after a crash.
            _logger.ThreadReadFailed(exception, exception.Error);
            return new ThreadState(null, []);
        }

        string? buttons = null;
        var files = new HashSet<string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            if (buttons is null && message.Ts is { } ts && SlackBlocks.HasBlockId(message.Blocks, marker))
            {
                buttons = ts;
            }

            foreach (var file in message.Files ?? [])
            {
                if (file.Name is { } name && name.StartsWith(marker, StringComparison.Ordinal))
                {
                    files.Add(name);
                }
            }
        }

        return new ThreadState(buttons, files);
    }

    private sealed record ThreadState(string? ButtonsTs, HashSet<string> FileNames);
}
