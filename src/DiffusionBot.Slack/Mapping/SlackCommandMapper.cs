using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Slack.Events;
using DiffusionBot.Slack.Replies;
using DiffusionBot.Slack.SocketMode;
using DiffusionBot.Slack.WebApi;
using Microsoft.Extensions.Logging;

namespace DiffusionBot.Slack.Mapping;

/// <summary>
/// Turns what Slack delivered (a slash command: <c>/imagine</c> or <c>/quota</c>, a pressed button, a reaction, a reply with an image) into a chat-neutral
/// command for the dispatcher, and answers at once: a status message in the channel for a queued job, an ephemeral
/// message for a refusal. The same for Socket Mode and HTTP deliveries; split by kind into partial files.
/// </summary>
/// <remarks>
/// Idempotent per delivery: each trigger, event and reaction is remembered for a while, so a redelivery Slack makes
/// (or the transport lets through) never starts a second job.
/// </remarks>
internal sealed partial class SlackCommandMapper(
    SlackWebApiClient api,
    CommandDispatcher dispatcher,
    ResultStore results,
    PromptFlagParser prompts,
    SlackFileDownloader downloader,
    SlackAdmins admins,
    TimeProvider time,
    ILogger<SlackCommandMapper> logger)
{
    /// <summary>The answer to a slash command the bot does not know.</summary>
    public const string Help = "I answer /imagine <description> [--flags] — try /imagine a red fox --n 2. Type /imagine info for models and flags, /imagine cancel to stop your job, /quota show for this channel's quota.";

    private static readonly string Platform = ChatPlatform.Slack.ToString();
    private readonly RecentIds _seen = new(RecentIds.DefaultCapacity);

    /// <summary>A slash command (<c>/imagine …</c> or <c>/quota …</c>).</summary>
    public async Task HandleSlashCommandAsync(SlashCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.TriggerId is { } trigger && !_seen.TryAdd("trigger:" + trigger))
        {
            logger.PayloadIgnored("slash command", "a repeated trigger");
            return;
        }

        var who = new Requester(command.TeamId, command.ChannelId, command.UserId, command.UserName)
        {
            ChannelName = command.ChannelName,
            ResponseUrl = command.ResponseUrl,
        };
        var text = command.Text.Trim();
        if (command.Command.Equals("/quota", StringComparison.OrdinalIgnoreCase))
        {
            await QuotaAsync(who, text, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!command.Command.Equals("/imagine", StringComparison.OrdinalIgnoreCase))
        {
            await WhisperAsync(who, Help, cancellationToken).ConfigureAwait(false);
            return;
        }

        // "/imagine info" and "/imagine cancel [id]" need no status message: the answer goes to the user alone.
        var space = text.IndexOfAny([' ', '\t', '\n']);
        var word = (space < 0 ? text : text[..space]).ToLowerInvariant();
        var rest = space < 0 ? "" : text[(space + 1)..].Trim();
        if ((word == "info" && rest.Length == 0) || (word == "cancel" && (rest.Length == 0 || (rest.Length == 32 && rest.All(char.IsAsciiHexDigit)))))
        {
            var origin = await OriginAsync(who, null, cancellationToken).ConfigureAwait(false);
            Command answer = word == "info" ? new Info(origin) : new Cancel(origin, rest.Length > 0 ? rest : null);
            var outcome = await dispatcher.DispatchAsync(answer, cancellationToken).ConfigureAwait(false);
            await WhisperAsync(who, outcome.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        PromptSpec spec;
        try
        {
            spec = prompts.Parse(SlackEntities.Decode(text));
        }
        catch (PromptFlagException exception)
        {
            await WhisperAsync(who, exception.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        await StartAsync(who, $"🎨 {who.UserName}: {text}", origin => new Imagine(origin, spec), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>/quota show|set|off|clear</c>: parsed as words, dispatched with the user's admin right (workspace admins and
    /// owners, plus <see cref="SlackOptions.AdminUsers"/>), and answered to the user alone — the quota, the change, a
    /// refusal, or the one line that says what was wrong with the words.
    /// </summary>
    private async Task QuotaAsync(Requester who, string text, CancellationToken cancellationToken)
    {
        var origin = await OriginAsync(who, null, cancellationToken).ConfigureAwait(false);
        string answer;
        try
        {
            var command = QuotaTextParser.Parse(text, origin);
            var outcome = await dispatcher.DispatchAsync(command, cancellationToken).ConfigureAwait(false);
            logger.CommandDispatched(command.GetType().Name, who.UserId, who.ChannelId, outcome.GetType().Name);
            answer = outcome.Message;
        }
        catch (QuotaException exception)
        {
            answer = exception.Message;
        }

        await WhisperAsync(who, answer, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Opens the status message, dispatches the command made for it, and shows the outcome: the queue position in the
    /// status message, or a refusal whispered to the user (and the status message removed).
    /// </summary>
    private async Task StartAsync(Requester who, string statusText, Func<CommandOrigin, Command> make, CancellationToken cancellationToken)
    {
        string statusTs;
        try
        {
            var status = await api.PostMessageAsync(
                new ChatPostMessageRequest { Channel = who.ChannelId, ThreadTs = who.ThreadTs, Text = SlackText.EscapeAndTruncate(statusText + " — on its way…") },
                cancellationToken).ConfigureAwait(false);
            statusTs = status.Ts ?? throw new SlackApiException("chat.postMessage", "invalid_response");
        }
        catch (SlackApiException exception)
        {
            // Nothing was reserved or queued yet, so nothing is left behind; the user hears why, once.
            logger.AnswerFailed(exception, exception.Method, exception.Error, who.UserId);
            if (ChannelRefusal.Is(exception.Error))
            {
                // chat.postEphemeral fails here the same way: only the response_url reaches the user.
                await RespondAsync(who, ChannelRefusal.Explain(exception.Error, who.ChannelId, who.ChannelName), cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await WhisperAsync(who, "Slack would not let me post here just now; please try again.", cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        var origin = await OriginAsync(who, statusTs, cancellationToken).ConfigureAwait(false);
        var command = make(origin);
        var outcome = await dispatcher.DispatchAsync(command, cancellationToken).ConfigureAwait(false);
        logger.CommandDispatched(command.GetType().Name, who.UserId, who.ChannelId, outcome.GetType().Name);
        switch (outcome)
        {
            case DispatchOutcome.Queued { QueuePosition: > 1 } queued:
                // Position 1 starts at once and the job edits the message itself; an edit from here could land after its preview.
                await EditAsync(who, statusTs, $"{statusText} — {queued.Message}", cancellationToken).ConfigureAwait(false);
                break;
            case DispatchOutcome.Queued:
                break;
            case DispatchOutcome.Answered answered:
                await EditAsync(who, statusTs, answered.Message, cancellationToken).ConfigureAwait(false);
                break;
            default:
                await DeleteAsync(who, statusTs, cancellationToken).ConfigureAwait(false);
                await WhisperAsync(who, outcome.Message, cancellationToken).ConfigureAwait(false);
                break;
        }
    }

    private async Task<CommandOrigin> OriginAsync(Requester who, string? statusTs, CancellationToken cancellationToken)
    {
        var isAdmin = await admins.IsAdminAsync(who.UserId, cancellationToken).ConfigureAwait(false);
        // The response_url travels with the request, so a worker that finds the channel closed can still answer (for 30 minutes).
        var address = new ReplyAddress(
            ChatPlatform.Slack,
            who.ChannelId,
            who.TeamId,
            ThreadId: who.ThreadTs,
            MessageId: statusTs,
            InteractionToken: who.ResponseUrl,
            InteractionExpiresAt: who.ResponseUrl is null ? null : time.GetUtcNow() + SlackWebApiClient.ResponseUrlLifetime);

        // Slack has no age-restricted channels.
        return new CommandOrigin(ChatPlatform.Slack, who.TeamId, who.ChannelId, who.ThreadTs, who.UserId, who.UserName, isAdmin, ChannelIsNsfw: false, address);
    }

    /// <summary>
    /// An ephemeral message: only <paramref name="who"/> sees it, in their thread when they wrote in one. Where Slack refuses it
    /// (a conversation the bot is not in), the payload's <c>response_url</c> carries it instead.
    /// </summary>
    private async Task WhisperAsync(Requester who, string text, CancellationToken cancellationToken)
    {
        try
        {
            await api.PostEphemeralAsync(
                new ChatPostEphemeralRequest { Channel = who.ChannelId, User = who.UserId, ThreadTs = who.ThreadTs, Text = SlackText.EscapeAndTruncate(text) },
                cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException exception)
        {
            logger.AnswerFailed(exception, exception.Method, exception.Error, who.UserId);
            if (who.ResponseUrl is not null)
            {
                await RespondAsync(who, SlackText.EscapeAndTruncate(text), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Answers through the payload's <c>response_url</c> (already escaped text); logs when there is none or it fails.</summary>
    private async Task RespondAsync(Requester who, string text, CancellationToken cancellationToken)
    {
        if (who.ResponseUrl is not { } url)
        {
            logger.NoWayToAnswer(who.UserId, who.ChannelId);
            return;
        }

        try
        {
            await api.RespondAsync(url, text, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is SlackApiException or HttpRequestException)
        {
            logger.NoWayToAnswer(who.UserId, who.ChannelId);
        }
    }

    private async Task EditAsync(Requester who, string ts, string text, CancellationToken cancellationToken)
    {
        try
        {
            await api.UpdateMessageAsync(new ChatUpdateRequest { Channel = who.ChannelId, Ts = ts, Text = SlackText.EscapeAndTruncate(text) }, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException exception)
        {
            logger.AnswerFailed(exception, exception.Method, exception.Error, who.UserId);
        }
    }

    private async Task DeleteAsync(Requester who, string ts, CancellationToken cancellationToken)
    {
        try
        {
            await api.DeleteMessageAsync(who.ChannelId, ts, cancellationToken).ConfigureAwait(false);
        }
        catch (SlackApiException exception)
        {
            logger.AnswerFailed(exception, exception.Method, exception.Error, who.UserId);
        }
    }
}
