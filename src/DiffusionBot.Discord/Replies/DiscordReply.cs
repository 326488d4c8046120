using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Discord.Rest;
using DiffusionBot.Discord.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Replies;

/// <summary>
/// The Discord <see cref="IChatReply"/>, REST only so any worker can answer. The status message is edited through the
/// interaction webhook while its token lives (<see cref="ReplyAddress.CanUseInteraction"/>), then with the bot token.
/// Results go into a thread started from the status message, with buttons and the reactions that do the same.
/// </summary>
/// <remarks>
/// Address convention: <see cref="ReplyAddress.ChannelId"/> is the top-level channel, <see cref="ReplyAddress.ThreadId"/> the
/// thread the command came from (if any), <see cref="ReplyAddress.MessageId"/> the status message, which lives in the
/// thread when there is one. Every message sets <c>allowed_mentions: {parse: []}</c>, so echoed prompts ping nobody.
/// </remarks>
internal sealed class DiscordReply(
    DiscordRestClient rest,
    ResultStore results,
    IOptions<DiscordOptions> options,
    TimeProvider time,
    ILogger<DiscordReply> logger) : IChatReply
{
    /// <summary>Discord's limit on message content.</summary>
    public const int MaxContentLength = 2000;

    /// <summary>Discord's limit on a thread name.</summary>
    public const int MaxThreadNameLength = 100;

    /// <summary>Buttons per action row.</summary>
    public const int ButtonsPerRow = 5;

    /// <summary>Reactions under a result: 🔁 rerolls, 1️⃣–4️⃣ vary that image.</summary>
    public const string RerollEmoji = "🔁";

    /// <summary>EPHEMERAL message flag.</summary>
    public const int Ephemeral = 64;

    public static IReadOnlyList<string> NumberEmoji { get; } = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"];

    public ValueTask SetStatusAsync(ReplyAddress address, string text, CancellationToken cancellationToken) =>
        EditStatusAsync(address, new MessageBody { Content = Clip(text) }, null, cancellationToken);

    public ValueTask ShowPreviewAsync(ReplyAddress address, ReadOnlyMemory<byte> jpeg, int step, int totalSteps, CancellationToken cancellationToken)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"Painting… step {step} of {totalSteps}");
        return EditStatusAsync(address, new MessageBody { Content = text }, [new DiscordFile("preview.jpg", jpeg, "image/jpeg")], cancellationToken);
    }

    public async ValueTask<IReadOnlyList<string>> PostResultAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(post);
        var files = UploadEncoder.Prepare(post.Images, options.Value.MaxUploadBytes);
        var channel = await ResultChannelAsync(address, post, cancellationToken).ConfigureAwait(false);

        // The result id is the idempotency key: a rerun after a crash sends the same nonce, and Discord returns the
        // message it already created instead of posting it twice.
        var body = new MessageBody
        {
            Content = Clip(post.PromptEcho),
            Components = Rows(post),
            Nonce = Nonce(post.ResultId, channel),
            EnforceNonce = true,
        };
        var message = await rest.CreateMessageAsync(channel, body, files, cancellationToken).ConfigureAwait(false);
        var id = Id(message.Id);

        // Reactions and buttons in a thread arrive with the thread's id; the job maps the top-level channel.
        if (Id(channel) != address.ChannelId)
        {
            results.MapMessage(nameof(ChatPlatform.Discord), Id(channel), id, post.ResultId);
        }

        await AddReactionsAsync(channel, message.Id, post, cancellationToken).ConfigureAwait(false);
        if (address.MessageId is not null && address.ThreadId is null)
        {
            var done = post.Images.Count == 1 ? "Done — the image is in the thread." : $"Done — {post.Images.Count} images in the thread.";
            await TryAsync(() => EditStatusAsync(address, new MessageBody { Content = done, Attachments = [] }, null, cancellationToken), "status after result").ConfigureAwait(false);
        }

        return [id];
    }

    public async ValueTask PostErrorAsync(ReplyAddress address, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.CanUseInteraction(time.GetUtcNow()))
        {
            try
            {
                await rest.CreateFollowupMessageAsync(address.InteractionToken!, new MessageBody { Content = Clip(message), Flags = Ephemeral }, null, cancellationToken).ConfigureAwait(false);
                await EditStatusAsync(address, new MessageBody { Content = "This one did not work out.", Attachments = [] }, null, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DiscordApiException e) when (IsDeadToken(e))
            {
                logger.InteractionTokenRefused(e.Route);
            }
        }

        // Without a live interaction there is no ephemeral message: the status message says it.
        await EditStatusAsync(address with { InteractionToken = null }, new MessageBody { Content = Clip("⚠️ " + message), Attachments = [] }, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Edits the status message: interaction webhook while the token lives, else the bot token on the message.</summary>
    private async ValueTask EditStatusAsync(ReplyAddress address, MessageBody body, IReadOnlyList<DiscordFile>? files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.CanUseInteraction(time.GetUtcNow()))
        {
            try
            {
                await rest.EditOriginalInteractionResponseAsync(address.InteractionToken!, body, files, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (DiscordApiException e) when (IsDeadToken(e) && address.MessageId is not null)
            {
                logger.InteractionTokenRefused(e.Route);
            }
        }

        if (address.MessageId is { } messageId && StatusChannel(address) is { } channel)
        {
            await rest.EditMessageAsync(channel, ParseId(messageId), body, files, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The thread for the result: the command's thread, or one started from the status message; else the channel.</summary>
    private async ValueTask<ulong> ResultChannelAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken)
    {
        if (address.ThreadId is { } thread)
        {
            return ParseId(thread);
        }

        var channel = ParseId(address.ChannelId);
        if (address.MessageId is not { } status)
        {
            return channel;
        }

        try
        {
            var created = await rest.StartThreadFromMessageAsync(channel, ParseId(status), new StartThreadRequest(ThreadName(post.PromptEcho), 1440), cancellationToken).ConfigureAwait(false);
            return created.Id;
        }
        catch (DiscordApiException e) when (e.ErrorCode == DiscordApiException.ThreadAlreadyCreated)
        {
            // A rerun: the thread from the first attempt has the status message's id.
            return ParseId(status);
        }
        catch (DiscordApiException e) when (e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden)
        {
            // DMs and threads cannot hold a new thread, and a missing permission is not worth losing the result over.
            logger.ThreadNotStarted(e.ErrorCode, e.StatusCode);
            return channel;
        }
    }

    private async ValueTask AddReactionsAsync(ulong channel, ulong messageId, ResultPost post, CancellationToken cancellationToken)
    {
        List<string> emoji = [];
        if (post.Actions.Any(a => a.Kind == ResultActionKind.Reroll))
        {
            emoji.Add(RerollEmoji);
        }

        emoji.AddRange(post.Actions.Where(a => a.Kind == ResultActionKind.Vary && a.ImageIndex < NumberEmoji.Count).Select(a => NumberEmoji[a.ImageIndex!.Value]));
        foreach (var e in emoji)
        {
            // Reactions are a convenience next to the buttons; one that fails must not make the job post again.
            await TryAsync(() => new ValueTask(rest.CreateReactionAsync(channel, messageId, e, cancellationToken)), "reaction").ConfigureAwait(false);
        }
    }

    private async ValueTask TryAsync(Func<ValueTask> action, string what)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (DiscordApiException e)
        {
            logger.ReplyStepFailed(e, what);
        }
    }

    /// <summary>U buttons, then V buttons, then 🔁, each kind starting a row; at most five per row.</summary>
    internal static IReadOnlyList<MessageComponent> Rows(ResultPost post) =>
        [.. post.Actions.GroupBy(a => a.Kind).SelectMany(g => g.Chunk(ButtonsPerRow)).Select(chunk => new MessageComponent
        {
            Type = MessageComponent.ActionRow,
            Components = [.. chunk.Select(a => new MessageComponent
            {
                Type = MessageComponent.Button,
                Style = a.Kind == ResultActionKind.Reroll ? 1 : 2,
                Label = a.Label,
                CustomId = Mapping.ResultButtonId.Format(post.ResultId, a),
            })],
        })];

    /// <summary>25 characters derived from the result and channel: the same post always carries the same nonce.</summary>
    internal static string Nonce(string resultId, ulong channel) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{resultId}:{Id(channel)}")))[..25];

    private static bool IsDeadToken(DiscordApiException e) =>
        e.ErrorCode is DiscordApiException.UnknownInteraction or 10015 || e.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.NotFound;

    private static ulong? StatusChannel(ReplyAddress address) =>
        ulong.TryParse(address.ThreadId ?? address.ChannelId, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;

    private static string ThreadName(string echo)
    {
        var name = string.Join(' ', echo.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        name = name.Length == 0 ? "Result" : name;
        return name.Length <= MaxThreadNameLength ? name : name[..(MaxThreadNameLength - 1)] + "…";
    }

    private static string Clip(string text) => text.Length <= MaxContentLength ? text : text[..(MaxContentLength - 1)] + "…";

    private static ulong ParseId(string id) => ulong.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture);

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);
}
