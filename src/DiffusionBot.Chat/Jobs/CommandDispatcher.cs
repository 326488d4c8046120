using System.Globalization;
using System.Text.Json;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Chat.Telemetry;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Imaging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// The one entry for every platform: validates a command, persists it, queues its job and says
/// where it stands in the queue — or answers it directly when no GPU work is needed.
/// </summary>
public sealed class CommandDispatcher(
    RequestStore requests,
    ResultStore results,
    IJobQueue queue,
    IChatReplyRouter replies,
    IOptions<EngineOptions> engine,
    IOptions<JobsOptions> jobs,
    IModelNames models,
    PromptFlagParser prompts,
    RunningRequests running,
    QuotaStore quotas,
    DispatchLane lane,
    TimeProvider time,
    ILogger<CommandDispatcher> logger)
{
    /// <summary>The answer to a command the dispatcher has no case for.</summary>
    public const string Unsupported = "That command is not supported here.";

    /// <summary>The answer to a command that failed for a reason that is not the user's (database busy, queue down, a bug).</summary>
    public const string UnexpectedFailure = "Sorry, something went wrong on my side; please try again in a moment.";

    /// <summary>How much a variation repaints of the image it starts from (Midjourney's "subtle" variation).</summary>
    public const float VariationStrength = 0.6f;

    public async ValueTask<DispatchOutcome> DispatchAsync(Command command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        using var activity = BotTracing.Source.StartActivity("dispatch");
        activity?.SetTag("diffusionbot.command", command.GetType().Name);
        activity?.SetTag("diffusionbot.platform", command.Origin.Platform.ToString());
        try
        {
            return command is Upscale upscale
                ? await UpscaleAsync(upscale, cancellationToken).ConfigureAwait(false)
                : await lane.RunAsync(() => Dispatch(command), cancellationToken).ConfigureAwait(false);
        }
        catch (PromptFlagException e)
        {
            return new DispatchOutcome.Refused(e.Message);
        }
        catch (InvalidImageException e)
        {
            return new DispatchOutcome.Refused(e.Message);
        }
        catch (QuotaException e)
        {
            return new DispatchOutcome.Refused(e.Message);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever reserved quota for this command gave it back before the exception got here.
            logger.DispatchFailed(e, command.GetType().Name);
            return new DispatchOutcome.Refused(UnexpectedFailure);
        }
    }

    /// <summary>The commands whose work is the database's (and the decoder's): run on the dispatch lane.</summary>
    private DispatchOutcome Dispatch(Command command) => command switch
    {
        Imagine imagine => Enqueue(imagine.Origin, RequestKind.Imagine, imagine.Prompt, null, null),
        Img2Img img2img => Enqueue(img2img.Origin, RequestKind.Img2Img, img2img.Prompt, CheckImage(img2img.Image), null),
        Vary vary => Vary(vary),
        Reroll reroll => Reroll(reroll),
        EditImage edit => Edits.EditDispatch.Enqueue(edit, this),
        Cancel cancel => Cancel(cancel),
        Info info => Info(info),
        ShowQuota show => ShowQuota(show),
        ChangeQuota change => ChangeQuota(change),
        _ => new DispatchOutcome.Refused(Unsupported),
    };

    internal DispatchOutcome Enqueue(CommandOrigin origin, string kind, PromptSpec spec, byte[]? initImage, string? parentId)
    {
        prompts.Validate(spec);
        if (!models.Contains(spec.ResolveModel(engine.Value)))
        {
            return new DispatchOutcome.Refused($"There is no model called '{spec.Model}'; available: {string.Join(", ", models.Names())}.");
        }

        if (LoraAvailability.Refusal(spec, engine.Value, CanonicalModel(spec.ResolveModel(engine.Value))) is { } noSuchLora)
        {
            return new DispatchOutcome.Refused(noSuchLora);
        }

        if (RefineSwitch.Refusal(spec, spec.ResolveModel(engine.Value), ModelDefaultsOrNone(spec.ResolveModel(engine.Value)), models.Contains) is { } unpaired)
        {
            return new DispatchOutcome.Refused(unpaired);
        }

        var platform = origin.Platform.ToString();
        var limit = jobs.Value.MaxQueuedPerUser;
        if (requests.ActiveCount(platform, origin.UserId) >= limit)
        {
            return new DispatchOutcome.Refused($"You already have {limit} image job{(limit == 1 ? "" : "s")} waiting; please wait for one to finish.");
        }

        var seeded = spec.Seed is null ? spec with { Seed = Random.Shared.NextInt64(0, uint.MaxValue) } : spec;
        var id = Guid.NewGuid().ToString("N");
        var scope = ScopeOf(origin);
        var (policy, _) = quotas.Resolve(scope);
        if (QuotaCaps(policy, seeded) is { } capped)
        {
            BotMetrics.QuotaRefusals.Add(1, new KeyValuePair<string, object?>("platform", platform));
            return capped;
        }

        var reservation = quotas.TryReserve(scope, origin.UserId, id, seeded.Count ?? 1, policy);
        if (!reservation.Granted)
        {
            BotMetrics.QuotaRefusals.Add(1, new KeyValuePair<string, object?>("platform", platform));
            return new DispatchOutcome.Refused(reservation.Refusal!);
        }

        try
        {
            Persist(origin, kind, seeded, initImage, parentId, id, platform);
        }
        catch
        {
            quotas.Release(id);
            throw;
        }

        var position = requests.QueuePosition(id);
        var message = position <= 1
            ? "Painting now…"
            : string.Create(CultureInfo.InvariantCulture, $"Queued — you are #{position} in line.");
        return new DispatchOutcome.Queued(id, position, message);
    }

    private void Persist(CommandOrigin origin, string kind, PromptSpec seeded, byte[]? initImage, string? parentId, string id, string platform)
    {
        requests.Insert(new StoredRequest(
            id,
            0,
            time.GetUtcNow(),
            kind,
            platform,
            origin.WorkspaceId,
            origin.ChannelId,
            origin.UserId,
            JsonSerializer.Serialize(origin, ChatJsonContext.Default.CommandOrigin),
            JsonSerializer.Serialize(seeded, ChatJsonContext.Default.PromptSpec),
            initImage,
            parentId,
            RequestStatus.Queued,
            null,
            BotTracing.CurrentTraceParent(),
            id));
        BotMetrics.Queued.Add(1, new KeyValuePair<string, object?>("kind", kind));

        // From here the request is safe: should queuing its job fail (or this process die), the
        // sweeper sees a queued request without a live job and queues one. The first job's ticket is the request id.
        try
        {
            requests.AssignJob(id, null, queue.Enqueue(id));
        }
        catch (Exception e)
        {
            logger.EnqueueFailed(e, id);
        }
    }

    private DispatchOutcome.Refused? QuotaCaps(QuotaPolicy policy, PromptSpec spec)
    {
        if (policy.Off)
        {
            return new DispatchOutcome.Refused("Image generation is turned off in this channel.");
        }

        var model = ModelDefaultsOrNone(spec.ResolveModel(engine.Value));
        var steps = spec.Steps ?? model.Steps ?? engine.Value.DefaultStepCount;
        if (policy.MaxSteps is { } maxSteps && steps > maxSteps)
        {
            return new DispatchOutcome.Refused($"Steps are capped at {maxSteps} in this channel (you asked for {steps}).");
        }

        var (width, height) = spec.ResolveSize(model);
        var pixels = (long)width * height;
        return policy.MaxPixels is { } maxPixels && pixels > maxPixels
            ? new DispatchOutcome.Refused($"Images are capped at {maxPixels:N0} pixels in this channel (you asked for {pixels:N0}).")
            : null;
    }

    private DispatchOutcome.Answered ShowQuota(ShowQuota show)
    {
        var scope = ScopeOf(show.Origin);
        var (policy, source) = quotas.Resolve(scope);
        var text = new System.Text.StringBuilder($"Quota here: {policy.Describe()} ({source}).");
        if (policy.Images is not null || policy.UserImages is not null)
        {
            var usage = quotas.Usage(scope, show.Origin.UserId, policy.Window);
            var per = QuotaDuration.Format(policy.Window);
            if (policy.Images is { } images)
            {
                text.Append(CultureInfo.InvariantCulture, $" Channel: {usage.Channel} of {images} used in the last {per}, {Math.Max(0, images - usage.Channel)} left.");
            }

            if (policy.UserImages is { } user)
            {
                text.Append(CultureInfo.InvariantCulture, $" You: {usage.User} of {user} used, {Math.Max(0, user - usage.User)} left.");
            }

            if (usage.NextFreeAt is { } next)
            {
                text.Append(CultureInfo.InvariantCulture, $" The next image frees up in {QuotaDuration.Until(next - time.GetUtcNow())}.");
            }
        }

        if (quotas.LastChange(scope) is { } last)
        {
            var where = last.Scope.IsWorkspace ? "the server/workspace default" : "this channel";
            text.Append(CultureInfo.InvariantCulture, $" Last change: {last.UserName} set {where} from {last.Before} to {last.After} on {last.At:yyyy-MM-dd HH:mm} UTC.");
        }

        return new DispatchOutcome.Answered(text.ToString());
    }

    private DispatchOutcome ChangeQuota(ChangeQuota change)
    {
        if (!change.Origin.IsAdmin)
        {
            return new DispatchOutcome.Refused("Only admins can change quotas (Manage Channels on Discord, workspace admins on Slack).");
        }

        var scope = ScopeOf(change.Origin);
        var target = change.Change.ForWorkspace ? scope.Workspace : scope;
        var policy = change.Change switch
        {
            QuotaChange.Set set => set.Policy,
            QuotaChange.TurnOff => QuotaPolicy.Disabled,
            _ => null,
        };
        quotas.Change(target, policy, change.Origin.UserId, change.Origin.UserDisplayName);
        var where = change.Change.ForWorkspace ? "The server/workspace default" : "This channel's quota";
        return new DispatchOutcome.Answered(policy is null
            ? $"{where} is cleared; it now follows the default ({quotas.Resolve(scope).Policy.Describe()})."
            : $"{where} is now: {policy.Describe()}.");
    }

    private static QuotaScope ScopeOf(CommandOrigin origin) => new(origin.Platform.ToString(), origin.WorkspaceId, origin.ChannelId);

    private DispatchOutcome Vary(Vary vary)
    {
        if (Parent(vary.Origin, vary.ResultId, out var parent, out var spec) is { } missing)
        {
            return missing;
        }

        var images = results.Images(parent!.Id);
        if (OutOfRange(vary.ImageIndex, images.Count) is { } refused)
        {
            return refused;
        }

        var varied = spec! with { Seed = null, Strength = VariationStrength };
        return Enqueue(vary.Origin, RequestKind.Vary, varied, images[vary.ImageIndex].Png, parent.Id);
    }

    private DispatchOutcome Reroll(Reroll reroll) =>
        Parent(reroll.Origin, reroll.ResultId, out var parent, out var spec) ?? Enqueue(reroll.Origin, RequestKind.Reroll, spec! with { Seed = null }, parent!.InitImage, parent.Id);

    private async ValueTask<DispatchOutcome> UpscaleAsync(Upscale upscale, CancellationToken cancellationToken)
    {
        if (Parent(upscale.Origin, upscale.ResultId, out var parent, out var spec) is { } missing)
        {
            return missing;
        }

        var images = results.Images(parent!.Id);
        if (OutOfRange(upscale.ImageIndex, images.Count) is { } refused)
        {
            return refused;
        }

        var image = images[upscale.ImageIndex];
        var post = new ResultPost(
            parent.Id,
            [new ResultImage(image.Png, image.Seed)],
            $"{spec!.Prompt} — image {upscale.ImageIndex + 1}",
            ResultAction.ForSingle(upscale.ImageIndex));
        var ids = await replies.For(upscale.Origin.Platform).PostResultAsync(upscale.Origin.ReplyAddress, post, cancellationToken).ConfigureAwait(false);
        foreach (var messageId in ids)
        {
            results.MapMessage(upscale.Origin.Platform.ToString(), upscale.Origin.ChannelId, messageId, parent.Id);
        }

        return new DispatchOutcome.Answered($"Here is image {upscale.ImageIndex + 1}.");
    }

    private DispatchOutcome Cancel(Cancel cancel)
    {
        var target = cancel.RequestId is { } id ? requests.Get(id) : requests.LatestActive(cancel.Origin.Platform.ToString(), cancel.Origin.UserId);
        if (target is null || (RequestStatus.IsFinal(target.Status) && cancel.RequestId is null))
        {
            return new DispatchOutcome.Refused("You have no job waiting or running.");
        }

        if (!RequestReach.Allows(cancel.Origin, target))
        {
            return new DispatchOutcome.Refused(RequestReach.OtherChat);
        }

        if (RequestStatus.IsFinal(target.Status))
        {
            return new DispatchOutcome.Refused("That job has already finished.");
        }

        if (target.UserId != cancel.Origin.UserId && !cancel.Origin.IsAdmin)
        {
            return new DispatchOutcome.Refused("Only the person who asked for that job (or an admin) can cancel it.");
        }

        var outcome = requests.RequestCancel(target.Id);
        if (outcome == RequestStatus.Cancelling)
        {
            running.RequestCancel(target.Id);
        }
        else if (outcome == RequestStatus.Cancelled)
        {
            quotas.Release(target.Id);
            DiscardJob(target.Id);
        }

        return outcome switch
        {
            RequestStatus.Cancelled => new DispatchOutcome.Answered("Cancelled before it started."),
            RequestStatus.Cancelling => new DispatchOutcome.Answered("Stopping it now."),
            _ => new DispatchOutcome.Refused("That job has already finished."),
        };
    }

    /// <summary>A request cancelled before it started no longer needs its job: it shows as Deleted in the dashboard.</summary>
    private void DiscardJob(string requestId)
    {
        try
        {
            if (requests.JobOf(requestId) is { } jobId)
            {
                queue.Discard(jobId);
            }
        }
        catch (Exception e)
        {
            // The request is cancelled either way; its job, should it still start, finds nothing to run.
            logger.DispatchFailed(e, nameof(DiscardJob));
        }
    }

    private DispatchOutcome.Answered Info(Info info)
    {
        var options = engine.Value;
        return new DispatchOutcome.Answered(string.Create(
            CultureInfo.InvariantCulture,
            $"Models: {string.Join(", ", models.Names().Select(DescribeModel))} (default {options.DefaultModel}). Flags: --no, --seed, --steps (1–{options.MaxSteps}), --cfg, --ar W:H, --size WxH, --n (1–{options.MaxImages}), --sampler, --model, --strength, --lora name:w (or <lora:name:w> in the prompt). {DescribeLoras(options)}{DescribeEmbeddings(options)}Up to {jobs.Value.MaxQueuedPerUser} jobs each in the queue."));
    }

    private string CanonicalModel(string name) => models.Names().FirstOrDefault(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)) ?? name;

    private string DescribeLoras(Diffusion.EngineOptions options)
    {
        var names = LoraAvailability.Names(options, CanonicalModel(options.DefaultModel));
        return names.Count == 0 ? "" : $"LoRAs: {string.Join(", ", names)}. ";
    }

    private string DescribeEmbeddings(Diffusion.EngineOptions options)
    {
        var names = new Diffusion.Embeddings.EmbeddingLibrary(options.EmbeddingsPath).Names(Path.Combine(options.ModelsPath, CanonicalModel(options.DefaultModel)));
        return names.Count == 0 ? "" : $"Embeddings (write the name in the prompt or after --no): {string.Join(", ", names)}. ";
    }

    private string DescribeModel(string name)
    {
        try
        {
            var model = models.Defaults(name);
            var defaults = model.Describe();
            return defaults.Length == 0 ? $"{name} [{model.FamilyTag}]" : $"{name} [{model.FamilyTag}; {defaults}]";
        }
        catch (Diffusion.Models.ModelFolderException e)
        {
            return $"{name} [unusable: {e.Problem}]";
        }
    }

    // A model folder whose defaults cannot be read fails its job with that message; the caps use the engine's defaults.
    private Diffusion.Models.ModelDefaults ModelDefaultsOrNone(string name)
    {
        try
        {
            return models.Defaults(name);
        }
        catch (Diffusion.Models.ModelFolderException)
        {
            return Diffusion.Models.ModelDefaults.None;
        }
    }

    internal IReadOnlyList<StoredImage> ImagesOf(string resultId) => results.Images(resultId);

    internal EngineOptions Engine => engine.Value;

    internal static DispatchOutcome.Refused? OutOfRange(int index, int count) => index < 0 || index >= count
        ? new DispatchOutcome.Refused($"That result has {count} image{(count == 1 ? "" : "s")}; pick 1 to {count}.")
        : null;

    /// <summary>The prompt of result <paramref name="resultId"/>, for an edit form to start from; null when it is gone or out of this chat's reach.</summary>
    public string? PromptOf(CommandOrigin origin, string resultId) =>
        Parent(origin, resultId, out _, out var spec) is null ? spec!.Prompt : null;

    internal DispatchOutcome.Refused? Parent(CommandOrigin origin, string resultId, out StoredRequest? parent, out PromptSpec? spec)
    {
        parent = requests.Get(resultId);
        if (parent is not null && !RequestReach.Allows(origin, parent))
        {
            (parent, spec) = (null, null);
            return new DispatchOutcome.Refused(RequestReach.OtherChat);
        }

        spec = parent is null ? null : JsonSerializer.Deserialize(parent.SpecJson, ChatJsonContext.Default.PromptSpec);
        if (parent is null)
        {
            return new DispatchOutcome.Refused(string.Create(CultureInfo.InvariantCulture, $"That result has expired and no longer exists (results are kept for {jobs.Value.RetentionDays} days); make a new one with /imagine."));
        }

        // A result is posted after its images are saved and before its job is finished: a button or reaction on it may
        // arrive in between, and is served.
        var usable = parent.Status == RequestStatus.Done || (!RequestStatus.IsFinal(parent.Status) && results.HasImages(parent.Id));
        return spec is null || !usable
            ? new DispatchOutcome.Refused("That result no longer exists, so there is nothing to work from.")
            : null;
    }

    private byte[] CheckImage(ImageSource source)
    {
        if (source is not InlineImage inline)
        {
            throw new InvalidImageException("That image could not be fetched; please attach it directly.");
        }

        var options = engine.Value;
        using var image = UntrustedImageDecoder.Decode(inline.Bytes, options.MaxInputBytes, options.MaxInputPixels);
        return inline.Bytes;
    }
}
