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
/// Results go into a thread started from the status message, with buttons and the reactions that do the same; where the
/// bot may not start threads, into the channel; where it may not post at all (403/404), through the interaction webhook,
/// which needs no channel permission, with one line saying which permission is missing.
/// </summary>
/// <remarks>
/// Address convention: <see cref="ReplyAddress.ChannelId"/> is the top-level channel, <see cref="ReplyAddress.ThreadId"/> the
/// thread the command came from (if any), <see cref="ReplyAddress.MessageId"/> the status message, which lives in the
/// thread when there is one. Every message sets <c>allowed_mentions: {parse: []}</c>, so echoed prompts ping nobody.
/// A refusal is never retried: it is the same on every attempt, so the job ends instead of waiting out its leases.
/// </remarks>
internal sealed class DiscordReply(
    DiscordRestClient rest,
    ResultStore results,
    ChannelAccess access,
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

    /// <summary>Action rows per message.</summary>
    public const int MaxRows = 5;

    /// <summary>The most images one result may have on Discord.</summary>
    /// <remarks>
    /// A message carries at most 10 files (docs/reference#uploading-files), and 10 images' U and V buttons (two rows each)
    /// plus 🔁 fill exactly the 5 action rows of 5 a message may have (docs/components/reference#action-row). The options
    /// validator holds <c>Diffusion:MaxImages</c> to it while Discord is on.
    /// </remarks>
    public const int MaxImages = 10;

    /// <summary>Reactions under a result: 🔁 rerolls, 1️⃣–4️⃣ vary that image.</summary>
    public const string RerollEmoji = "🔁";

    /// <summary>EPHEMERAL message flag.</summary>
    public const int Ephemeral = 64;

    public static IReadOnlyList<string> NumberEmoji { get; } = ["1️⃣", "2️⃣", "3️⃣", "4️⃣", "5️⃣", "6️⃣", "7️⃣", "8️⃣", "9️⃣"];

    public ValueTask SetStatusAsync(ReplyAddress address, string text, CancellationToken cancellationToken) =>
        EditStatusAsync(address, new MessageBody { Content = Clip(text), Attachments = [] }, null, cancellationToken);

    public ValueTask ShowPreviewAsync(ReplyAddress address, ReadOnlyMemory<byte> jpeg, int step, int totalSteps, CancellationToken cancellationToken)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"Painting… step {step} of {totalSteps}");
        return EditStatusAsync(address, new MessageBody { Content = text }, [new DiscordFile("preview.jpg", jpeg, "image/jpeg")], cancellationToken);
    }

    public async ValueTask<IReadOnlyList<string>> PostResultAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(post);
        var limit = options.Value.MaxUploadBytes;
        var files = UploadEncoder.Prepare(post.Images, limit);
        if (files.Any(f => f.Content.Length > limit))
        {
            logger.ResultTooLarge(files.Max(f => f.Content.Length), limit);
            await PostErrorAsync(address, TooLarge(limit), cancellationToken).ConfigureAwait(false);
            return [];
        }

        var place = await ResultPlaceAsync(address, post, cancellationToken).ConfigureAwait(false);
        var body = new MessageBody { Content = Clip(post.Caption), Components = Rows(post) };
        DiscordMessage? message = null;
        if (place.Channel is { } channel)
        {
            try
            {
                // The result id is the idempotency key: a rerun after a crash sends the same nonce, and Discord returns
                // the message it already created instead of posting it twice.
                message = await rest.CreateMessageAsync(channel, body with { Nonce = Nonce(NonceKey(post), channel), EnforceNonce = true }, files, cancellationToken).ConfigureAwait(false);
            }
            catch (DiscordApiException e) when (ChannelAccess.IsPermanent(e))
            {
                var missing = ChannelAccess.MissingFor(e, place.InThread ? "Send Messages in Threads or Attach Files" : "Send Messages or Attach Files");
                logger.ChannelRefused(e.ErrorCode, e.StatusCode, missing);
                access.Remember(channel, missing);
                place = new ResultPlace(null, place.InThread, missing);
            }
            catch (DiscordApiException e) when (e.StatusCode == HttpStatusCode.RequestEntityTooLarge)
            {
                logger.ResultTooLarge(files.Max(f => f.Content.Length), limit);
                await PostErrorAsync(address, TooLarge(limit), cancellationToken).ConfigureAwait(false);
                return [];
            }
        }

        if (message is null)
        {
            // The interaction webhook needs no channel permission: while the token lives it can still deliver.
            message = await FollowUpAsync(address, body, files, place.Missing, cancellationToken).ConfigureAwait(false);
            if (message is null)
            {
                return [];
            }
        }
        else
        {
            await AddReactionsAsync(message.ChannelId, message.Id, post, cancellationToken).ConfigureAwait(false);
        }

        var id = Id(message.Id);

        // Reactions and buttons in a thread arrive with the thread's id; the job maps the top-level channel.
        if (Id(message.ChannelId) != address.ChannelId)
        {
            results.MapMessage(nameof(ChatPlatform.Discord), Id(message.ChannelId), id, post.ResultId);
        }

        if (address.MessageId is not null)
        {
            // The status message loses its last preview (attachments: [] removes every attachment) and says where the result is.
            var done = new MessageBody { Content = Clip(DoneText(post.Images.Count, place)), Attachments = [] };
            await TryAsync(() => EditStatusAsync(address, done, null, cancellationToken), "status after result").ConfigureAwait(false);
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

    /// <summary>
    /// Edits the status message: interaction webhook while the token lives, else the bot token on the message. A channel
    /// that refuses the bot is left as it is: that answer will not change for this job.
    /// </summary>
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

        if (address.MessageId is { } messageId && StatusChannel(address) is { } channel && access.Missing(channel) is null)
        {
            try
            {
                await rest.EditMessageAsync(channel, ParseId(messageId), body, files, cancellationToken).ConfigureAwait(false);
            }
            catch (DiscordApiException e) when (ChannelAccess.IsPermanent(e))
            {
                logger.ChannelRefused(e.ErrorCode, e.StatusCode, ChannelAccess.MissingFor(e, "Send Messages"));
            }
        }
    }

    /// <summary>The result through the interaction webhook, or null when its token is gone too (then nothing can reach the user).</summary>
    private async ValueTask<DiscordMessage?> FollowUpAsync(ReplyAddress address, MessageBody body, IReadOnlyList<DiscordFile> files, string? missing, CancellationToken cancellationToken)
    {
        if (address.CanUseInteraction(time.GetUtcNow()))
        {
            try
            {
                return await rest.CreateFollowupMessageAsync(address.InteractionToken!, body, files, cancellationToken).ConfigureAwait(false);
            }
            catch (DiscordApiException e) when (IsDeadToken(e))
            {
                logger.InteractionTokenRefused(e.Route);
            }
        }

        logger.ResultUndeliverable(missing ?? "access to the channel");
        return null;
    }

    /// <summary>
    /// Where the result goes: the command's thread, or one started from the status message; else the channel; or
    /// nowhere the bot token can post (<see cref="ResultPlace.Channel"/> null) when the channel is known to refuse it.
    /// </summary>
    private async ValueTask<ResultPlace> ResultPlaceAsync(ReplyAddress address, ResultPost post, CancellationToken cancellationToken)
    {
        var inThread = address.ThreadId is not null;
        var channel = ParseId(address.ThreadId ?? address.ChannelId);
        if (access.Missing(channel) is { } known)
        {
            return new ResultPlace(null, inThread, known);
        }

        if (inThread || address.MessageId is not { } status)
        {
            return new ResultPlace(channel, inThread, null);
        }

        try
        {
            var created = await rest.StartThreadFromMessageAsync(channel, ParseId(status), new StartThreadRequest(ThreadName(post.PromptEcho), 1440), cancellationToken).ConfigureAwait(false);
            return new ResultPlace(created.Id, true, null, StartedThread: true);
        }
        catch (DiscordApiException e) when (e.ErrorCode == DiscordApiException.ThreadAlreadyCreated)
        {
            // A rerun: the thread from the first attempt has the status message's id.
            return new ResultPlace(ParseId(status), true, null, StartedThread: true);
        }
        catch (DiscordApiException e) when (e.ErrorCode == ChannelAccess.MissingAccess)
        {
            logger.ChannelRefused(e.ErrorCode, e.StatusCode, "View Channel");
            access.Remember(channel, "View Channel");
            return new ResultPlace(null, false, "View Channel");
        }
        catch (DiscordApiException e) when (e.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.Forbidden or HttpStatusCode.NotFound)
        {
            // DMs and threads cannot hold a new thread, and a missing permission is not worth losing the result over.
            logger.ThreadNotStarted(e.ErrorCode, e.StatusCode);
            return new ResultPlace(channel, false, null, NoThread: e.ErrorCode == ChannelAccess.MissingPermissions ? "Create Public Threads" : null);
        }
    }

    private async ValueTask AddReactionsAsync(ulong channel, ulong messageId, ResultPost post, CancellationToken cancellationToken)
    {
        List<string> emoji = [];
        if (post.Actions.Any(a => a.Kind == ResultActionKind.Reroll))
        {
            emoji.Add(RerollEmoji);
        }

        // A single image's Vary (Subtle)/(Strong) keep its number reaction, which varies it as the grid's V buttons do.
        emoji.AddRange(post.Actions
            .Where(a => (a.Kind == ResultActionKind.Vary || (a.Kind == ResultActionKind.Edit && Chat.Edits.ImageEdit.Varies.Contains(a.Edit))) && a.ImageIndex < NumberEmoji.Count)
            .Select(a => NumberEmoji[a.ImageIndex!.Value])
            .Distinct());
        foreach (var e in emoji)
        {
            // Reactions are a convenience next to the buttons; one that fails must not make the job post again, and
            // after a refusal (no Add Reactions) the others would be refused too.
            try
            {
                await rest.CreateReactionAsync(channel, messageId, e, cancellationToken).ConfigureAwait(false);
            }
            catch (DiscordApiException ex)
            {
                logger.ReplyStepFailed(ex, "reaction");
                if (ChannelAccess.IsPermanent(ex))
                {
                    return;
                }
            }
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

    /// <summary>U buttons, then V buttons, then 🔁, each kind starting a row; at most five per row; a region menu alone in its row.</summary>
    internal static IReadOnlyList<MessageComponent> Rows(ResultPost post) =>
        [.. post.Actions.GroupBy(a => a.Kind).SelectMany(g => g.Chunk(ButtonsPerRow)).Select(chunk => chunk[0].Kind == ResultActionKind.RegionMenu ? RegionMenuRow(post.ResultId, chunk[0]) : new MessageComponent
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

    private static MessageComponent RegionMenuRow(string resultId, ResultAction action) => new()
    {
        Type = MessageComponent.ActionRow,
        Components =
        [
            new MessageComponent
            {
                Type = MessageComponent.StringSelect,
                CustomId = Mapping.ResultButtonId.Format(resultId, action),
                Placeholder = action.Label,
                Options = [.. Chat.Edits.ImageEdit.Regions.Select(r => new SelectOption(Chat.Edits.ImageEdit.Label(r), r))],
            },
        ],
    };

    /// <summary>25 characters derived from the result and channel: the same post always carries the same nonce.</summary>
    /// <summary>
    /// The result id, plus the chosen image for a single-image post (U1…Un): it shares its result id with the grid, and
    /// the same nonce would make Discord hand back the grid instead of posting it.
    /// </summary>
    internal static string NonceKey(ResultPost post) =>
        post.Actions.Any(a => a.Kind == ResultActionKind.Edit) ? $"{post.ResultId}:single:{post.Actions[0].ImageIndex}" : post.ResultId;

    internal static string Nonce(string resultId, ulong channel) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{resultId}:{Id(channel)}")))[..25];

    /// <summary>The status line once the result is posted: where it is and, when a permission is missing, which one.</summary>
    internal static string DoneText(int count, ResultPlace place)
    {
        ArgumentNullException.ThrowIfNull(place);
        var what = count == 1 ? "the image is" : $"{count.ToString(CultureInfo.InvariantCulture)} images are";
        if (place.Channel is null)
        {
            return $"Done — {what} below. I can't post in this channel myself (I need the {place.Missing} permission), so results can only reach you here for 15 minutes after you ask; a moderator can give me that permission.";
        }

        if (place.StartedThread)
        {
            return count == 1 ? "Done — the image is in the thread." : $"Done — {count.ToString(CultureInfo.InvariantCulture)} images in the thread.";
        }

        return place.NoThread is { } missing
            ? $"Done — {what} below. I can't start a thread here (I need the {missing} permission)."
            : $"Done — {what} below.";
    }

    private static string TooLarge(int limit) =>
        FormattableString.Invariant($"The finished image is too large to upload here (over {limit / (1024.0 * 1024.0):0.#} MB even as a JPEG); please try a smaller --size or fewer images.");

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
