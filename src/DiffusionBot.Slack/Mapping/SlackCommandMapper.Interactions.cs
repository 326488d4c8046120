using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Slack.Events;
using DiffusionBot.Slack.Replies;

namespace DiffusionBot.Slack.Mapping;

/// <summary>Buttons under a result (<c>block_actions</c>): U picks an image, V varies it, 🔁 rerolls.</summary>
internal sealed partial class SlackCommandMapper
{
    public async Task HandleBlockActionsAsync(BlockActions payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Type == BlockActions.ViewSubmission)
        {
            await HandleEditFormAsync(payload, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (payload.Type != BlockActions.TypeName || payload.Actions is not [var action, ..]
            || payload.User?.Id is not { Length: > 0 } userId
            || (payload.Channel?.Id ?? payload.Container?.ChannelId) is not { Length: > 0 } channelId)
        {
            logger.PayloadIgnored("interaction", "not a button press on a channel message");
            return;
        }

        if (!_seen.TryAdd("action:" + (payload.TriggerId ?? action.ActionTs ?? Guid.NewGuid().ToString("N"))))
        {
            logger.PayloadIgnored("interaction", "a repeated trigger");
            return;
        }

        if (ResultButton.TryReadEdit(action.ActionId, action.Value, action.SelectedOption?.Value, out var editedId, out var editedIndex, out var edit))
        {
            var name = payload.User.Username ?? payload.User.Name ?? userId;
            var editor = new Requester(payload.Team?.Id ?? "", channelId, userId, name) { ResponseUrl = payload.ResponseUrl };
            if (EditForm.Asks(edit) && payload.TriggerId is { Length: > 0 } trigger
                && await OpenEditFormAsync(editor, trigger, new EditFormState(editedId, editedIndex, edit, editor.TeamId, channelId), cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await StartAsync(editor, $"🎨 {name}: {Chat.Edits.ImageEdit.Label(edit)} of image {editedIndex + 1}", o => new EditImage(o, editedId, editedIndex, edit), cancellationToken).ConfigureAwait(false);
            return;
        }

        if (!ResultButton.TryRead(action.ActionId, action.Value, out var kind, out var resultId, out var index))
        {
            logger.PayloadIgnored("interaction", "a button the bot did not post");
            return;
        }

        var userName = payload.User.Username ?? payload.User.Name ?? userId;
        var thread = payload.Container?.ThreadTs ?? payload.Container?.MessageTs;
        var who = new Requester(payload.Team?.Id ?? "", channelId, userId, userName) { ResponseUrl = payload.ResponseUrl };
        switch (kind)
        {
            case ResultActionKind.Upscale:
                // The picked image goes into the result's own thread; no status message, nothing is rendered.
                var origin = await OriginAsync(who with { ThreadTs = thread }, null, cancellationToken).ConfigureAwait(false);
                DispatchOutcome outcome;
                try
                {
                    outcome = await dispatcher.DispatchAsync(new Upscale(origin, resultId, index), cancellationToken).ConfigureAwait(false);
                }
                catch (ReplyRefusedException refused)
                {
                    // The bot was removed from the channel since it posted the result.
                    await RespondAsync(who, refused.UserMessage, cancellationToken).ConfigureAwait(false);
                    break;
                }

                if (outcome is DispatchOutcome.Refused refusal)
                {
                    await WhisperAsync(who with { ThreadTs = thread }, refusal.Message, cancellationToken).ConfigureAwait(false);
                }

                break;
            case ResultActionKind.Vary:
                await StartAsync(who, $"🎨 {userName}: variations of image {index + 1}", o => new Vary(o, resultId, index), cancellationToken).ConfigureAwait(false);
                break;
            default:
                await StartAsync(who, $"🔁 {userName}: the same prompt, new seeds", o => new Reroll(o, resultId), cancellationToken).ConfigureAwait(false);
                break;
        }
    }
}
