using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Downloads;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Telemetry;
using DiffusionBot.Discord.Replies;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Mapping;

/// <summary>
/// Slash commands, the message command and button presses. What can be refused before any work (a bad flag, an unknown button) is answered
/// at once with an ephemeral message. Everything else is deferred publicly first (type 5), then the deferred message is
/// edited into the status message; if the dispatcher then refuses, that message is deleted and the reason goes to an
/// ephemeral follow-up, so refusals are only ever seen by the person who asked.
/// </summary>
internal sealed partial class DiscordEventHandler
{
    /// <summary>Suggestions while the user types; an autocomplete cannot be deferred, and a failure to read the folders suggests nothing.</summary>
    private async Task OnAutocompleteAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        IReadOnlyList<ApplicationCommandChoice> choices;
        try
        {
            choices = interaction.Data is { Name: ImagineCommand.Name } data ? autocomplete.Suggest(data) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.GatewayDispatchFailed(e, "autocomplete");
            choices = [];
        }

        await rest.CreateAutocompleteResponseAsync(interaction.Id, interaction.Token, AutocompleteResponse.Of(choices), cancellationToken).ConfigureAwait(false);
    }

    private async Task OnInteractionAsync(Interaction interaction, CancellationToken cancellationToken)
    {
        var arrived = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = BotTracing.Source.StartActivity("discord.interaction", System.Diagnostics.ActivityKind.Server);
        if (interaction.Type == Interaction.Autocomplete)
        {
            await OnAutocompleteAsync(interaction, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (EditPromptModal.EditToAsk(interaction) is { } ask
            && dispatcher.PromptOf(Origin(interaction, Address(interaction, time.GetUtcNow())), ask.ResultId) is { } prompt)
        {
            // A result that is gone or out of reach gets no form: the edit goes on and the dispatcher says why.
            await rest.CreateModalResponseAsync(interaction.Id, interaction.Token, EditPromptModal.For(ask, prompt), cancellationToken).ConfigureAwait(false);
            BotMetrics.RecordAck("Discord", arrived);
            return;
        }

        if (interaction.Type == Interaction.ApplicationCommand && interaction.Data is { Name: QuotaCommand.Name } quota)
        {
            await OnQuotaAsync(interaction, quota, cancellationToken).ConfigureAwait(false);
            return;
        }

        Func<ReplyAddress, Command>? command;
        DiscordAttachment? image = null;
        try
        {
            command = Read(interaction, out image);
        }
        catch (PromptFlagException e)
        {
            await RespondEphemeralAsync(interaction, e.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (command is null)
        {
            await RespondEphemeralAsync(interaction, $"That is not something I know how to do; try /imagine, /quota or {RepaintCommand.Name} (in a message's Apps menu).", cancellationToken).ConfigureAwait(false);
            return;
        }

        // The ack leaves before anything slow (download, database, queue): Discord allows 3 s.
        var receivedAt = time.GetUtcNow();
        await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, new InteractionResponse(InteractionResponse.DeferredChannelMessage, null), null, cancellationToken).ConfigureAwait(false);
        BotMetrics.RecordAck("Discord", arrived);
        logger.InteractionAcknowledged(interaction.Id);

        byte[]? bytes = null;
        if (image is not null)
        {
            try
            {
                bytes = await DownloadAsync(image, cancellationToken).ConfigureAwait(false);
            }
            catch (ImageDownloadException e)
            {
                logger.AttachmentRefused(e.Failure);
                await RefuseAsync(interaction, e.Message, cancellationToken).ConfigureAwait(false);
                return;
            }
        }

        // What the bot may not do in this channel decides, before any job runs, that its result goes through the webhook.
        if (interaction.GuildId is not null && (interaction.Channel?.Id ?? interaction.ChannelId) is { } here)
        {
            access.Learn(here, interaction.Channel?.IsThread == true, interaction.AppPermissions);
        }

        var status = await rest.EditOriginalInteractionResponseAsync(interaction.Token, new MessageBody { Content = WorkingText }, null, cancellationToken).ConfigureAwait(false);
        var address = Address(interaction, receivedAt) with { MessageId = Id(status.Id) };
        var built = command(address);
        if (bytes is not null && built is Imagine withImage)
        {
            built = new Img2Img(withImage.Origin, withImage.Prompt, new InlineImage(bytes));
        }

        var outcome = await dispatcher.DispatchAsync(built, cancellationToken).ConfigureAwait(false);
        if (outcome is DispatchOutcome.Refused refused)
        {
            await RefuseAsync(interaction, refused.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        await rest.EditOriginalInteractionResponseAsync(interaction.Token, new MessageBody { Content = outcome.Message }, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The command to dispatch once the status message exists; null for an interaction the bot does not handle.</summary>
    private Func<ReplyAddress, Command>? Read(Interaction interaction, out DiscordAttachment? image)
    {
        image = null;
        if (interaction.Type == Interaction.ApplicationCommand && interaction.Data is { Name: ImagineCommand.Name } data)
        {
            var (spec, attachment) = imagine.Read(data);
            image = attachment;
            return address => new Imagine(Origin(interaction, address), spec);
        }

        if (interaction.Type == Interaction.ApplicationCommand && interaction.Data is { Name: RepaintCommand.Name, Type: RepaintCommand.MessageCommand } repaint)
        {
            var (text, attachment) = RepaintCommand.Read(repaint, BotUserId);
            var spec = prompts.Parse(text);
            image = attachment;
            return address => new Imagine(Origin(interaction, address), spec);
        }

        if (interaction.Type == Interaction.ModalSubmit && ResultButtonId.TryParse(interaction.Data?.CustomId, out var submitted) && submitted.Kind == ResultActionKind.Edit)
        {
            var prompt = EditPromptModal.PromptOf(interaction.Data!);
            return address => new EditImage(Origin(interaction, address), submitted.ResultId, submitted.ImageIndex!.Value, submitted.Edit!, prompt);
        }

        if (interaction.Type == Interaction.MessageComponent && ResultButtonId.TryParse(interaction.Data?.CustomId, out var button))
        {
            return button.Kind switch
            {
                ResultActionKind.Upscale => address => new Upscale(Origin(interaction, address), button.ResultId, button.ImageIndex!.Value),
                ResultActionKind.Vary => address => new Vary(Origin(interaction, address), button.ResultId, button.ImageIndex!.Value),
                ResultActionKind.Edit => address => new EditImage(Origin(interaction, address), button.ResultId, button.ImageIndex!.Value, button.Edit!),
                // The select's chosen region; an empty choice is an unknown edit, refused politely by the dispatcher.
                ResultActionKind.RegionMenu => address => new EditImage(Origin(interaction, address), button.ResultId, button.ImageIndex!.Value, interaction.Data?.Values is [var region, ..] ? region : ""),
                _ => address => new Reroll(Origin(interaction, address), button.ResultId),
            };
        }

        return null;
    }

    private ReplyAddress Address(Interaction interaction, DateTimeOffset receivedAt)
    {
        var (channel, thread) = Channels(interaction);
        return new ReplyAddress(ChatPlatform.Discord, channel, Id(interaction.GuildId), thread, null, interaction.Token, receivedAt + InteractionTokenLifetime);
    }

    private static CommandOrigin Origin(Interaction interaction, ReplyAddress address)
    {
        var user = interaction.Member?.User ?? interaction.User;
        return new CommandOrigin(
            ChatPlatform.Discord,
            address.WorkspaceId ?? "dm",
            address.ChannelId,
            address.ThreadId,
            Id(user?.Id ?? 0),
            DisplayName(interaction.Member, user),
            IsAdmin(interaction.Member),
            interaction.Channel?.Nsfw ?? false,
            address);
    }

    /// <summary>The top-level channel and, inside a thread, the thread.</summary>
    private static (string Channel, string? Thread) Channels(Interaction interaction)
    {
        var channelId = interaction.Channel?.Id ?? interaction.ChannelId ?? 0;
        return interaction.Channel is { IsThread: true, ParentId: { } parent } ? (Id(parent), Id(channelId)) : (Id(channelId), null);
    }

    private Task RespondEphemeralAsync(Interaction interaction, string text, CancellationToken cancellationToken) =>
        rest.CreateInteractionResponseAsync(
            interaction.Id,
            interaction.Token,
            new InteractionResponse(InteractionResponse.ChannelMessage, new MessageBody { Content = text, Flags = DiscordReply.Ephemeral }),
            null,
            cancellationToken);

    /// <summary>After a public defer: the deferred message goes away and only the user sees why.</summary>
    private async Task RefuseAsync(Interaction interaction, string text, CancellationToken cancellationToken)
    {
        await rest.DeleteOriginalInteractionResponseAsync(interaction.Token, cancellationToken).ConfigureAwait(false);
        await rest.CreateFollowupMessageAsync(interaction.Token, new MessageBody { Content = text, Flags = DiscordReply.Ephemeral }, null, cancellationToken).ConfigureAwait(false);
    }
}
