using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Downloads;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Mapping;

/// <summary>
/// A reply to a result (or to any message of the bot) carrying an image runs image to image, with the reply's text as
/// the prompt. Without the Message Content intent Discord only delivers content and attachments of messages that
/// mention the bot, so such replies work when they mention it; with the intent, every reply works.
/// </summary>
internal sealed partial class DiscordEventHandler
{
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
            return;
        }

        var parent = resultId is null ? null : requests.Get(resultId);
        var address = await PostStatusAsync(parent?.ChannelId ?? Id(message.ChannelId), message.ChannelId, message.Id, Id(message.GuildId), cancellationToken).ConfigureAwait(false);
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

    /// <summary>The reply's text without mentions of the bot (<c>&lt;@id&gt;</c>, <c>&lt;@!id&gt;</c>).</summary>
    internal static string PromptText(string? content, ulong botUserId)
    {
        var id = Id(botUserId);
        return (content ?? "").Replace($"<@{id}>", "", StringComparison.Ordinal).Replace($"<@!{id}>", "", StringComparison.Ordinal).Trim();
    }
}
