using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Discord.Replies;
using DiffusionBot.Discord.Rest;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Mapping;

/// <summary>Reactions on a result: 🔁 rerolls, 1️⃣–9️⃣ vary that image. The bot's own reactions are ignored.</summary>
internal sealed partial class DiscordEventHandler
{
    private async Task OnReactionAsync(ReactionAddEvent reaction, CancellationToken cancellationToken)
    {
        if (reaction.UserId == BotUserId || reaction.Emoji.Id is not null || reaction.Emoji.Name is not { } emoji)
        {
            return;
        }

        var index = DiscordReply.NumberEmoji.ToList().IndexOf(emoji);
        if (emoji != DiscordReply.RerollEmoji && index < 0)
        {
            return;
        }

        var resultId = results.RequestForMessage(Platform, Id(reaction.ChannelId), Id(reaction.MessageId))
            ?? await ResultOnMessageAsync(reaction.ChannelId, reaction.MessageId, cancellationToken).ConfigureAwait(false);
        if (resultId is null || requests.Get(resultId) is not { } parent)
        {
            return;
        }

        if (await PostStatusAsync(parent.ChannelId, reaction.ChannelId, reaction.MessageId, Id(reaction.GuildId), cancellationToken).ConfigureAwait(false) is not { } address)
        {
            return;
        }

        var origin = new CommandOrigin(
            ChatPlatform.Discord,
            address.WorkspaceId ?? "dm",
            address.ChannelId,
            address.ThreadId,
            Id(reaction.UserId),
            DisplayName(reaction.Member, reaction.Member?.User),
            IsAdmin(reaction.Member),
            false,
            address);
        Command command = index >= 0 ? new Vary(origin, resultId, index) : new Reroll(origin, resultId);
        var outcome = await dispatcher.DispatchAsync(command, cancellationToken).ConfigureAwait(false);
        await EditStatusAsync(address, outcome.Message, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The result a message of the bot's shows, read from its buttons: a reaction can arrive between the post and the
    /// job recording the message (a result is actionable the moment it is visible). Null for any other message.
    /// </summary>
    private async Task<string?> ResultOnMessageAsync(ulong channel, ulong messageId, CancellationToken cancellationToken)
    {
        DiscordMessage message;
        try
        {
            message = await rest.GetMessageAsync(channel, messageId, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordApiException e) when (ChannelAccess.IsPermanent(e))
        {
            // Without Read Message History the bot cannot see its own message; the reaction was on nothing it knows.
            logger.ChannelRefused(e.ErrorCode, e.StatusCode, ChannelAccess.MissingFor(e, "Read Message History"));
            return null;
        }

        if (message.Author?.Id != BotUserId)
        {
            return null;
        }

        return (message.Components ?? [])
            .SelectMany(row => row.Components ?? [])
            .Select(button => ResultButtonId.TryParse(button.CustomId, out var id) ? id.ResultId : null)
            .FirstOrDefault(id => id is not null);
    }

    /// <summary>
    /// Without an interaction, the status message is a reply posted with the bot token where the user acted; null where
    /// the channel refuses the bot, since no result could reach the user there either (there is no interaction webhook).
    /// </summary>
    private async Task<ReplyAddress?> PostStatusAsync(string topChannel, ulong channel, ulong replyTo, string? workspace, CancellationToken cancellationToken)
    {
        var body = new MessageBody { Content = WorkingText, MessageReference = new MessageReference(replyTo) };
        DiscordMessage status;
        try
        {
            status = await rest.CreateMessageAsync(channel, body, null, cancellationToken).ConfigureAwait(false);
        }
        catch (DiscordApiException e) when (ChannelAccess.IsPermanent(e))
        {
            var missing = ChannelAccess.MissingFor(e, Id(channel) == topChannel ? "Send Messages" : "Send Messages in Threads");
            logger.ChannelRefused(e.ErrorCode, e.StatusCode, missing);
            access.Remember(channel, missing);
            return null;
        }

        var thread = Id(channel) == topChannel ? null : Id(channel);
        return new ReplyAddress(ChatPlatform.Discord, topChannel, workspace, thread, Id(status.Id));
    }

    private Task EditStatusAsync(ReplyAddress address, string text, CancellationToken cancellationToken) =>
        rest.EditMessageAsync(ulong.Parse(address.ThreadId ?? address.ChannelId, System.Globalization.CultureInfo.InvariantCulture), ulong.Parse(address.MessageId!, System.Globalization.CultureInfo.InvariantCulture), new MessageBody { Content = text }, null, cancellationToken);
}
