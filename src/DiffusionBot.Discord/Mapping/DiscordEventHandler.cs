using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Downloads;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Diffusion;
using DiffusionBot.Discord.Gateway;
using DiffusionBot.Discord.Replies;
using DiffusionBot.Discord.Rest;
using DiffusionBot.Discord.Wire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Discord.Mapping;

/// <summary>
/// Maps gateway events to chat-neutral commands. The receive loop only parses; each event's work (the interaction ack
/// first of all) runs on its own task, so a slow dispatch never delays the next event or a heartbeat ACK.
/// Split by event: <c>.Interactions.cs</c>, <c>.Reactions.cs</c>, <c>.Messages.cs</c>.
/// </summary>
internal sealed partial class DiscordEventHandler(
    DiscordRestClient rest,
    CommandDispatcher dispatcher,
    RequestStore requests,
    ResultStore results,
    ChannelAccess access,
    ImagineCommand imagine,
    ImagineAutocomplete autocomplete,
    PromptFlagParser prompts,
    GuardedImageDownloader downloader,
    IOptions<DiscordOptions> options,
    IOptions<EngineOptions> engine,
    TimeProvider time,
    ILogger<DiscordEventHandler> logger) : IGatewayDispatchHandler
{
    /// <summary>An interaction token is valid for 15 minutes after the interaction.</summary>
    /// <remarks>The address expires a minute early, so a post never races the deadline.</remarks>
    public static readonly TimeSpan InteractionTokenLifetime = TimeSpan.FromMinutes(14);

    /// <summary>The first text of a status message, before the queue position is known.</summary>
    public const string WorkingText = "🎨 Working on it…";

    /// <summary>ADMINISTRATOR and MANAGE_GUILD permission bits.</summary>
    private const ulong AdminPermissions = (1UL << 3) | (1UL << 5);

    private static readonly string Platform = nameof(ChatPlatform.Discord);

    private readonly Lock _lock = new();
    private readonly HashSet<Task> _running = [];
    private ulong _botUserId;

    /// <summary>The bot's own user id, from READY; its own reactions and messages are ignored.</summary>
    public ulong BotUserId => Volatile.Read(ref _botUserId);

    public ValueTask HandleAsync(GatewayDispatch dispatch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        switch (dispatch.EventName)
        {
            case "READY":
                var ready = dispatch.Data.Deserialize(DiscordJsonContext.Default.ReadyData) ?? throw new JsonException("READY without data.");
                Volatile.Write(ref _botUserId, ready.User.Id);
                break;
            case "INTERACTION_CREATE":
                var interaction = dispatch.Data.Deserialize(DiscordJsonContext.Default.Interaction) ?? throw new JsonException("Empty interaction.");
                Start(dispatch.EventName, () => OnInteractionAsync(interaction, cancellationToken));
                break;
            case "MESSAGE_REACTION_ADD":
                var reaction = dispatch.Data.Deserialize(DiscordJsonContext.Default.ReactionAddEvent) ?? throw new JsonException("Empty reaction.");
                Start(dispatch.EventName, () => OnReactionAsync(reaction, cancellationToken));
                break;
            case "MESSAGE_CREATE":
                var message = dispatch.Data.Deserialize(DiscordJsonContext.Default.MessageCreateEvent) ?? throw new JsonException("Empty message.");
                Start(dispatch.EventName, () => OnMessageAsync(message, cancellationToken));
                break;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Waits for the events being handled (for shutdown and tests).</summary>
    public Task DrainAsync()
    {
        lock (_lock)
        {
            return Task.WhenAll([.. _running]);
        }
    }

    private void Start(string eventName, Func<Task> work)
    {
        var task = Task.Run(async () =>
        {
            try
            {
                await work().ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.EventFailed(e, eventName);
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        });
        lock (_lock)
        {
            _running.Add(task);
        }

        task.ContinueWith(
            t =>
            {
                lock (_lock)
                {
                    _running.Remove(t);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>Downloads an attachment from Discord's CDN only, under the engine's byte cap; decoding checks the pixels.</summary>
    private Task<byte[]> DownloadAsync(DiscordAttachment attachment, CancellationToken cancellationToken)
    {
        var policy = new DownloadPolicy([.. options.Value.CdnHosts], engine.Value.MaxInputBytes, Authorization: (AuthenticationHeaderValue?)null);
        if (attachment.Size > policy.MaxBytes)
        {
            throw new ImageDownloadException(ImageDownloadFailure.TooLarge, FormattableString.Invariant($"The image is larger than {policy.MaxBytes / (1024.0 * 1024.0):0.#} MB, the most I accept."));
        }

        return Uri.TryCreate(attachment.Url, UriKind.Absolute, out var url)
            ? downloader.DownloadAsync(url, policy, cancellationToken)
            : throw new ImageDownloadException(ImageDownloadFailure.HostNotAllowed, "That attachment has no usable link; please attach it again.");
    }

    internal static bool IsImage(DiscordAttachment attachment) =>
        attachment.ContentType?.StartsWith("image/", StringComparison.OrdinalIgnoreCase) == true
        || Path.GetExtension(attachment.FileName ?? "").ToLowerInvariant() is ".png" or ".jpg" or ".jpeg" or ".webp";

    private static bool IsAdmin(GuildMember? member) =>
        ulong.TryParse(member?.Permissions, NumberStyles.None, CultureInfo.InvariantCulture, out var bits) && (bits & AdminPermissions) != 0;

    private static string DisplayName(GuildMember? member, DiscordUser? user) => member?.Nick ?? user?.Username ?? "someone";

    private static string Id(ulong id) => id.ToString(CultureInfo.InvariantCulture);

    private static string? Id(ulong? id) => id?.ToString(CultureInfo.InvariantCulture);
}
