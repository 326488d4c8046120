using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Downloads;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Discord.Replies;
using DiffusionBot.Discord.Rest;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Mapping;

/// <summary>
/// A reply to a result (or to any message of the bot) carrying an image runs image to image, with the reply's text as
/// the prompt. Without the Message Content intent Discord only delivers content and attachments of messages that
/// mention the bot, so such replies work when they mention it; with the intent, every reply works. A reply that arrives
/// empty for that reason is answered once, visibly, with the two ways that work.
/// </summary>
/// <remarks>
/// docs/events/gateway#message-content-intent: without the intent, <c>content</c>, <c>embeds</c>, <c>attachments</c> and
/// <c>components</c> are empty, except in DMs, in the app's own messages and in messages that mention the app.
/// </remarks>
internal sealed partial class DiscordEventHandler
{
    /// <summary>How many (user, message replied to) pairs are remembered as hinted, so each gets the hint once.</summary>
    private const int MaxHinted = 10_000;

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(ulong User, ulong Target), byte> _hinted = new();

    /// <summary>The answer to a reply the bot cannot see.</summary>
    internal static string HintText(ulong botUserId) =>
        $"I can't see replies that don't mention me. To repaint an image, reply with <@{Id(botUserId)}>, your prompt and the image attached — or open the image's menu → Apps → {RepaintCommand.Name}.";

    private async Task OnMessageAsync(MessageCreateEvent message, CancellationToken cancellationToken)
    {
        var bot = BotUserId;
        if (message.Author.Bot == true || message.Author.Id == bot || message.MessageReference is not { MessageId: { } target } reference || reference.Type is > 0)
        {
            return;
        }

        var targetChannel = reference.ChannelId ?? message.ChannelId;
        var resultId = results.RequestForMessage(Platform, Id(targetChannel), Id(target));
        var toBot = message.ReferencedMessage?.Author?.Id is { } author && author == bot && bot != 0;
        if (resultId is null && !toBot)
        {
            return;
        }

        if (message.Attachments?.FirstOrDefault(IsImage) is not { } attachment)
        {
            if (_hinted.Count >= MaxHinted)
            {
                _hinted.Clear();
            }

            if (ArrivedEmpty(message, bot) && _hinted.TryAdd((message.Author.Id, target), 0))
            {
                var hint = new MessageBody { Content = HintText(bot), MessageReference = new MessageReference(message.Id) };
                try
                {
                    await rest.CreateMessageAsync(message.ChannelId, hint, null, cancellationToken).ConfigureAwait(false);
                }
                catch (DiscordApiException e) when (ChannelAccess.IsPermanent(e))
                {
                    logger.ChannelRefused(e.ErrorCode, e.StatusCode, ChannelAccess.MissingFor(e, "Send Messages"));
                }
            }

            return;
        }

        var parent = resultId is null ? null : requests.Get(resultId);
        if (await PostStatusAsync(parent?.ChannelId ?? Id(message.ChannelId), message.ChannelId, message.Id, Id(message.GuildId), cancellationToken).ConfigureAwait(false) is not { } address)
        {
            return;
        }

        PromptSpec spec;
        byte[] bytes;
        try
        {
            spec = prompts.Parse(PromptText(message.Content, bot));
            bytes = await DownloadAsync(attachment, cancellationToken).ConfigureAwait(false);
        }
        catch (PromptFlagException e)
        {
            await EditStatusAsync(address, e.Message, cancellationToken).ConfigureAwait(false);
            return;
        }
        catch (ImageDownloadException e)
        {
            logger.AttachmentRefused(e.Failure);
            await EditStatusAsync(address, e.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var origin = new CommandOrigin(
            ChatPlatform.Discord,
            address.WorkspaceId ?? "dm",
            address.ChannelId,
            address.ThreadId,
            Id(message.Author.Id),
            DisplayName(message.Member, message.Author),
            false,
            false,
            address);
        var outcome = await dispatcher.DispatchAsync(new Img2Img(origin, spec, new InlineImage(bytes)), cancellationToken).ConfigureAwait(false);
        await EditStatusAsync(address, outcome.Message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Whether Discord withheld the reply's content: a guild message, no Message Content intent, no mention of the bot.</summary>
    private bool ArrivedEmpty(MessageCreateEvent message, ulong bot) =>
        (options.Value.Intents & GatewayIntents.MessageContent) == 0
        && message.GuildId is not null
        && string.IsNullOrEmpty(message.Content)
        && message.Attachments is not { Count: > 0 }
        && message.Mentions?.Any(m => m.Id == bot) != true;

    /// <summary>The reply's text without mentions of the bot (<c>&lt;@id&gt;</c>, <c>&lt;@!id&gt;</c>).</summary>
    internal static string PromptText(string? content, ulong botUserId)
    {
        var id = Id(botUserId);
        return (content ?? "").Replace($"<@{id}>", "", StringComparison.Ordinal).Replace($"<@!{id}>", "", StringComparison.Ordinal).Trim();
    }
}
