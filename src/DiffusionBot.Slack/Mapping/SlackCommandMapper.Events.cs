using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Downloads;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Slack.Events;
using DiffusionBot.Slack.Replies;
using DiffusionBot.Slack.WebApi;

namespace DiffusionBot.Slack.Mapping;

/// <summary>Events: reactions on a result (🔁 rerolls, 1️⃣–4️⃣ vary) and replies in a result's thread that carry an image.</summary>
internal sealed partial class SlackCommandMapper
{
    public async Task HandleEventAsync(EventCallback callback, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (callback.Type != EventCallback.TypeName || callback.Event is not { } e)
        {
            logger.PayloadIgnored("event", "not an event_callback");
            return;
        }

        if (callback.EventId is { } eventId && !_seen.TryAdd("event:" + eventId))
        {
            logger.PayloadIgnored("event", "a repeated event id");
            return;
        }

        var botUserId = callback.BotUserId;
        if (e.BotId is not null || e.Subtype is "bot_message" || e.User is null || e.User == botUserId)
        {
            logger.PayloadIgnored("event", "posted by a bot");
            return;
        }

        switch (e.Type)
        {
            case SlackEvent.ReactionAdded:
                await OnReactionAsync(callback.TeamId ?? "", e, cancellationToken).ConfigureAwait(false);
                break;
            case SlackEvent.Message when e.Subtype is null or "file_share":
                await OnThreadReplyAsync(callback.TeamId ?? "", e, cancellationToken).ConfigureAwait(false);
                break;
            default:
                logger.PayloadIgnored("event", e.Type ?? "no type");
                break;
        }
    }

    /// <summary>The image a number reaction picks: <c>one</c> … <c>four</c>.</summary>
    internal static int? VariationIndex(string? reaction) => reaction switch
    {
        "one" => 0,
        "two" => 1,
        "three" => 2,
        "four" => 3,
        _ => null,
    };

    private async Task OnReactionAsync(string teamId, SlackEvent e, CancellationToken cancellationToken)
    {
        if (e.Item is not { Type: "message", Channel: { Length: > 0 } channel, Ts: { Length: > 0 } ts })
        {
            return;
        }

        var index = VariationIndex(e.Reaction);
        if (e.Reaction != "repeat" && index is null)
        {
            return;
        }

        if ((results.RequestForMessage(Platform, channel, ts) ?? await ResultOnMessageAsync(channel, ts, cancellationToken).ConfigureAwait(false)) is not { } resultId)
        {
            logger.PayloadIgnored("reaction", "not on a result");
            return;
        }

        // Slack can deliver one reaction under two event ids (a redelivery after a reconnect): one job per user, emoji and message.
        if (!_seen.TryAdd($"reaction:{channel}:{ts}:{e.Reaction}:{e.User}"))
        {
            return;
        }

        var who = new Requester(teamId, channel, e.User!, e.User!);
        if (index is { } i)
        {
            await StartAsync(who, $"🎨 variations of image {i + 1}", o => new Vary(o, resultId, i), cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await StartAsync(who, "🔁 the same prompt, new seeds", o => new Reroll(o, resultId), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The result a message shows, read from the bot's buttons on it or in its thread: a reaction can arrive between the
    /// post and the job recording the message (a result is actionable the moment it is visible). Null for any other message.
    /// </summary>
    private async Task<string?> ResultOnMessageAsync(string channel, string ts, CancellationToken cancellationToken)
    {
        IReadOnlyList<SlackMessage> messages;
        try
        {
            // conversations.replies takes a thread's parent or a message in it (docs.slack.dev/reference/methods/conversations.replies).
            messages = await api.GetRepliesAsync(channel, ts, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SlackApiException or HttpRequestException)
        {
            logger.PayloadIgnored("reaction", "its message could not be read");
            return null;
        }

        // Only the bot's own message counts: its buttons, or (for the status message that heads a result's thread) the buttons in its thread.
        if (messages.FirstOrDefault(m => m.Ts == ts) is not { BotId: not null } reacted)
        {
            return null;
        }

        return SlackBlocks.ResultIdOf(reacted.Blocks) ?? messages
            .Where(m => m.BotId is not null && m.ThreadTs == ts && m.Ts != ts)
            .Select(m => SlackBlocks.ResultIdOf(m.Blocks))
            .FirstOrDefault(id => id is not null);
    }

    private async Task OnThreadReplyAsync(string teamId, SlackEvent e, CancellationToken cancellationToken)
    {
        if (e is not { Channel: { Length: > 0 } channel, ThreadTs: { Length: > 0 } thread, Ts: { Length: > 0 } ts } || thread == ts
            || e.Files?.FirstOrDefault(f => f.IsImage) is not { } file)
        {
            return;
        }

        if ((results.RequestForMessage(Platform, channel, thread) ?? await ResultOnMessageAsync(channel, thread, cancellationToken).ConfigureAwait(false)) is null)
        {
            logger.PayloadIgnored("message", "not in a result's thread");
            return;
        }

        var who = new Requester(teamId, channel, e.User!, e.User!, thread);
        var text = (e.Text ?? "").Trim();
        if (text.StartsWith("/imagine", StringComparison.OrdinalIgnoreCase))
        {
            text = text["/imagine".Length..].Trim();
        }

        PromptSpec spec;
        try
        {
            spec = prompts.Parse(SlackEntities.Decode(text));
        }
        catch (PromptFlagException exception)
        {
            await WhisperAsync(who, "To repaint an image, reply with the image and a description of what it should become. " + exception.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        byte[] image;
        try
        {
            var url = file.UrlPrivateDownload ?? file.UrlPrivate;
            if (url is null || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                throw new ImageDownloadException(ImageDownloadFailure.HttpError, "The file has no download address.");
            }

            image = await downloader.DownloadAsync(uri, cancellationToken).ConfigureAwait(false);
        }
        catch (ImageDownloadException exception)
        {
            logger.FileRefused(e.User!, exception.Failure.ToString());
            await WhisperAsync(who, Explain(exception.Failure), cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (HttpRequestException exception)
        {
            logger.FileRefused(e.User!, exception.Message);
            await WhisperAsync(who, "I could not fetch that image from Slack just now; please try again.", cancellationToken).ConfigureAwait(false);
            return;
        }

        await StartAsync(who, $"🖼 repainting {file.Name ?? "your image"}: {text}", o => new Img2Img(o, spec, new InlineImage(image)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>One polite line per reason a download was refused.</summary>
    internal static string Explain(ImageDownloadFailure failure) => failure switch
    {
        ImageDownloadFailure.HtmlPage => "Slack showed me a sign-in page instead of your image, so I could not read it. The app needs the files:read scope — please ask an admin to add it and reinstall the app.",
        ImageDownloadFailure.HostNotAllowed or ImageDownloadFailure.CrossHostRedirect or ImageDownloadFailure.PrivateAddress =>
            "I only fetch images that were uploaded to Slack itself; please attach the image to your reply.",
        ImageDownloadFailure.TooLarge => "That image is too large for me; please send a smaller one.",
        ImageDownloadFailure.TooManyRedirects => "Slack kept redirecting the download of that image; please try again.",
        _ => "I could not fetch that image from Slack; please try again.",
    };
}
