using DiffusionBot.Chat.Commands;
using DiffusionBot.Slack.Events;
using DiffusionBot.Slack.WebApi;

namespace DiffusionBot.Slack.Mapping;

/// <summary>The edit form (<see cref="EditForm"/>): opened by zoom, pan and region, submitted as <c>view_submission</c>.</summary>
internal sealed partial class SlackCommandMapper
{
    /// <summary>
    /// Opens the form with the image's prompt; false when there is no form to show (the result is gone or out of reach,
    /// or Slack refused the trigger), and the edit then runs with the image's own prompt.
    /// </summary>
    private async Task<bool> OpenEditFormAsync(Requester who, string triggerId, EditFormState state, CancellationToken cancellationToken)
    {
        var origin = await OriginAsync(who, null, cancellationToken).ConfigureAwait(false);
        if (dispatcher.PromptOf(origin, state.ResultId) is not { } prompt)
        {
            return false;
        }

        try
        {
            await api.OpenViewAsync(new ViewsOpenRequest { TriggerId = triggerId, View = EditForm.View(state, prompt) }, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SlackApiException exception)
        {
            // An expired trigger (3 s) or a refused view: the edit still runs, as the button promised.
            logger.AnswerFailed(exception, exception.Method, exception.Error, who.UserId);
            return false;
        }
    }

    private async Task HandleEditFormAsync(BlockActions payload, CancellationToken cancellationToken)
    {
        if (payload.View is not { } view || EditForm.Read(view) is not var (state, prompt) || payload.User?.Id is not { Length: > 0 } userId)
        {
            logger.PayloadIgnored("interaction", "a view the bot did not open");
            return;
        }

        if (!_seen.TryAdd("view:" + (payload.TriggerId ?? Guid.NewGuid().ToString("N"))))
        {
            logger.PayloadIgnored("interaction", "a repeated submission");
            return;
        }

        var name = payload.User.Username ?? payload.User.Name ?? userId;
        var editor = new Requester(state.TeamId, state.ChannelId, userId, name);
        await StartAsync(editor, $"🎨 {name}: {Chat.Edits.ImageEdit.Label(state.Edit)} of image {state.ImageIndex + 1}", o => new EditImage(o, state.ResultId, state.ImageIndex, state.Edit, prompt), cancellationToken).ConfigureAwait(false);
    }
}
