using System.Globalization;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Playground.Api;
using DiffusionBot.Playground.Messages;

namespace DiffusionBot.Playground;

/// <summary>
/// The local user's side of the channel: echoes what they did, opens the bot's status message and hands the command to
/// the same dispatcher as every platform. The outcome's line becomes the status message; a refusal becomes an error
/// "only visible to you".
/// </summary>
internal sealed class PlaygroundChannel(PlaygroundMessageStore store, CommandDispatcher dispatcher, ChatCommandReader reader, Microsoft.Extensions.Options.IOptions<PlaygroundOptions> options)
{
    public const string Workspace = "local";

    /// <summary>Something typed into the input box.</summary>
    public async Task<PostOutcome> SayAsync(string text, CancellationToken cancellationToken)
    {
        store.Insert(MessageKind.User, text);
        var status = OpenStatus();
        Command? command;
        try
        {
            command = reader.Read(text, Origin(status));
        }
        catch (Exception e) when (e is PromptFlagException or Chat.Quotas.QuotaException)
        {
            return Refuse(status, e.Message);
        }

        return command is null ? Refuse(status, ChatCommandReader.Help) : await DispatchAsync(status, command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A button (U1, V2, 🔁) or a reaction on a result.</summary>
    public async Task<PostOutcome> ActAsync(PostActionRequest action, CancellationToken cancellationToken)
    {
        var index = action.Index ?? 0;
        var label = action.Action switch
        {
            "upscale" => $"U{index + 1}",
            "vary" => $"V{index + 1}",
            "reroll" => "🔁",
            "region" => "Vary (Region)",
            { } edit when edit.StartsWith("edit:", StringComparison.Ordinal) && Chat.Edits.ImageEdit.IsKnown(edit[5..]) => Chat.Edits.ImageEdit.Label(edit[5..]),
            _ => null,
        };
        store.Insert(MessageKind.User, label ?? $"({action.Action})");
        var status = OpenStatus();
        var origin = Origin(status);
        Command? command = action.ResultId is not { Length: > 0 } resultId ? null : action.Action switch
        {
            "upscale" => new Upscale(origin, resultId, index),
            "vary" => new Vary(origin, resultId, index),
            "reroll" => new Reroll(origin, resultId),
            "region" => new EditImage(origin, resultId, index, Chat.Edits.ImageEdit.Mask, action.Prompt, BrushMask(action.Mask)),
            { } edit when edit.StartsWith("edit:", StringComparison.Ordinal) => new EditImage(origin, resultId, index, edit[5..], action.Prompt),
            _ => null,
        };
        return command is null
            ? Refuse(status, "That button needs a result and one of upscale, vary or reroll.")
            : await DispatchAsync(status, command, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The brush's PNG; null (refused politely by the dispatcher) when nothing or no valid base64 came.</summary>
    private static byte[]? BrushMask(string? base64)
    {
        if (string.IsNullOrEmpty(base64))
        {
            return null;
        }

        var comma = base64.IndexOf(',', StringComparison.Ordinal);
        var data = comma >= 0 ? base64[(comma + 1)..] : base64;
        var bytes = new byte[data.Length * 3 / 4 + 3];
        return Convert.TryFromBase64String(data, bytes, out var written) ? bytes[..written] : null;
    }

    /// <summary>An image dropped on a result or on the input box, repainted with <paramref name="prompt"/>.</summary>
    public async Task<PostOutcome> Img2ImgAsync(byte[] image, string? fileName, string? prompt, float? strength, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(image);
        var userMessage = store.Insert(MessageKind.User, Echo(fileName, prompt));
        var status = OpenStatus();
        PromptSpec spec;
        try
        {
            spec = reader.ReadPrompt(prompt, strength);
        }
        catch (PromptFlagException e)
        {
            return Refuse(status, e.Message);
        }

        var outcome = await DispatchAsync(status, new Img2Img(Origin(status), spec, new InlineImage(image)), cancellationToken).ConfigureAwait(false);
        if (outcome.Outcome == PostOutcome.Queued && ImageType.Of(image) is { } type)
        {
            // The dispatcher decoded it, so it is a real image: show it with the user's message.
            store.SetPicture(userMessage, 0, new StoredPicture(type, image), Echo(fileName, prompt));
        }

        return outcome;
    }

    /// <summary>An upload refused before it was read (too large, not a form); the channel says why.</summary>
    public PostOutcome RefuseUpload(string? fileName, string? prompt, string reason)
    {
        store.Insert(MessageKind.User, Echo(fileName, prompt));
        return Refuse(OpenStatus(), reason);
    }

    private long OpenStatus() => store.Insert(MessageKind.Status, "…");

    private async Task<PostOutcome> DispatchAsync(long status, Command command, CancellationToken cancellationToken)
    {
        var outcome = await dispatcher.DispatchAsync(command, cancellationToken).ConfigureAwait(false);
        switch (outcome)
        {
            case DispatchOutcome.Queued queued:
                store.Update(status, queued.Message);
                return new PostOutcome(PostOutcome.Queued, queued.Message, status, queued.RequestId);
            case DispatchOutcome.Answered answered:
                store.Update(status, answered.Message);
                return new PostOutcome(PostOutcome.Answered, answered.Message, status);
            default:
                return Refuse(status, outcome.Message);
        }
    }

    private PostOutcome Refuse(long status, string message)
    {
        store.Update(status, message, MessageKind.Error, ephemeral: true);
        return new PostOutcome(PostOutcome.Refused, message, status);
    }

    private CommandOrigin Origin(long status)
    {
        var address = new ReplyAddress(ChatPlatform.Playground, store.Channel, Workspace, MessageId: status.ToString(CultureInfo.InvariantCulture));
        return new CommandOrigin(ChatPlatform.Playground, Workspace, store.Channel, null, options.Value.User, options.Value.User, IsAdmin: true, ChannelIsNsfw: false, address);
    }

    private static string Echo(string? fileName, string? prompt) =>
        $"🖼 {(string.IsNullOrWhiteSpace(fileName) ? "image" : fileName.Trim())} → {(string.IsNullOrWhiteSpace(prompt) ? "(no prompt)" : prompt.Trim())}";
}
