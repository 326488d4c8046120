using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Discord.Replies;
using DiffusionBot.Discord.Wire;

namespace DiffusionBot.Discord.Mapping;

/// <summary>
/// <c>/quota</c>: every answer is ephemeral. Bad input is answered at once (type 4); otherwise the ack is an ephemeral
/// defer (type 5, flags 64) sent before the database is touched, then edited into the dispatcher's answer or refusal.
/// Whether the member may change quotas is read again here from the interaction's permissions.
/// </summary>
internal sealed partial class DiscordEventHandler
{
    private async Task OnQuotaAsync(Interaction interaction, InteractionData data, CancellationToken cancellationToken)
    {
        Func<CommandOrigin, Command> command;
        try
        {
            command = QuotaCommand.Read(data);
        }
        catch (QuotaException e)
        {
            await RespondEphemeralAsync(interaction, e.Message, cancellationToken).ConfigureAwait(false);
            return;
        }

        var receivedAt = time.GetUtcNow();
        var defer = new InteractionResponse(InteractionResponse.DeferredChannelMessage, new MessageBody { Flags = DiscordReply.Ephemeral });
        await rest.CreateInteractionResponseAsync(interaction.Id, interaction.Token, defer, null, cancellationToken).ConfigureAwait(false);
        logger.InteractionAcknowledged(interaction.Id);

        var origin = Origin(interaction, Address(interaction, receivedAt)) with { IsAdmin = QuotaCommand.MayChange(interaction.Member) };
        var outcome = await dispatcher.DispatchAsync(command(origin), cancellationToken).ConfigureAwait(false);
        await rest.EditOriginalInteractionResponseAsync(interaction.Token, new MessageBody { Content = outcome.Message }, null, cancellationToken).ConfigureAwait(false);
    }
}
