using System.Globalization;
using System.Text.Json;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Imaging;
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
    TimeProvider time)
{
    /// <summary>How much a variation repaints of the image it starts from (Midjourney's "subtle" variation).</summary>
    public const float VariationStrength = 0.6f;

    public async ValueTask<DispatchOutcome> DispatchAsync(Command command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        try
        {
            return command switch
            {
                Imagine imagine => Enqueue(imagine.Origin, RequestKind.Imagine, imagine.Prompt, null, null),
                Img2Img img2img => Enqueue(img2img.Origin, RequestKind.Img2Img, img2img.Prompt, CheckImage(img2img.Image), null),
                Vary vary => Vary(vary),
                Reroll reroll => Reroll(reroll),
                Upscale upscale => await UpscaleAsync(upscale, cancellationToken).ConfigureAwait(false),
                Cancel cancel => Cancel(cancel),
                Info info => Info(info),
                _ => new DispatchOutcome.Refused("That command is not supported here."),
            };
        }
        catch (PromptFlagException e)
        {
            return new DispatchOutcome.Refused(e.Message);
        }
        catch (InvalidImageException e)
        {
            return new DispatchOutcome.Refused(e.Message);
        }
    }

    private DispatchOutcome Enqueue(CommandOrigin origin, string kind, PromptSpec spec, byte[]? initImage, string? parentId)
    {
        prompts.Validate(spec);
        if (!models.Contains(spec.ResolveModel(engine.Value)))
        {
            return new DispatchOutcome.Refused($"There is no model called '{spec.Model}'; available: {string.Join(", ", models.Names())}.");
        }

        var platform = origin.Platform.ToString();
        var limit = jobs.Value.MaxQueuedPerUser;
        if (requests.ActiveCount(platform, origin.UserId) >= limit)
        {
            return new DispatchOutcome.Refused($"You already have {limit} image job{(limit == 1 ? "" : "s")} waiting; please wait for one to finish.");
        }

        var seeded = spec.Seed is null ? spec with { Seed = Random.Shared.NextInt64(0, uint.MaxValue) } : spec;
        var id = Guid.NewGuid().ToString("N");
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
            null));
        queue.Enqueue(id);
        var position = requests.QueuePosition(id);
        var message = position <= 1
            ? "Painting now…"
            : string.Create(CultureInfo.InvariantCulture, $"Queued — you are #{position} in line.");
        return new DispatchOutcome.Queued(id, position, message);
    }

    private DispatchOutcome Vary(Vary vary)
    {
        if (Parent(vary.ResultId, out var parent, out var spec) is { } missing)
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
        Parent(reroll.ResultId, out var parent, out var spec) ?? Enqueue(reroll.Origin, RequestKind.Reroll, spec! with { Seed = null }, parent!.InitImage, parent.Id);

    private async ValueTask<DispatchOutcome> UpscaleAsync(Upscale upscale, CancellationToken cancellationToken)
    {
        if (Parent(upscale.ResultId, out var parent, out var spec) is { } missing)
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
            [new ResultAction(ResultActionKind.Vary, upscale.ImageIndex)]);
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
        if (target is null || RequestStatus.IsFinal(target.Status))
        {
            return new DispatchOutcome.Refused("You have no job waiting or running.");
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

        return outcome switch
        {
            RequestStatus.Cancelled => new DispatchOutcome.Answered("Cancelled before it started."),
            RequestStatus.Cancelling => new DispatchOutcome.Answered("Stopping it now."),
            _ => new DispatchOutcome.Refused("That job has already finished."),
        };
    }

    private DispatchOutcome.Answered Info(Info info)
    {
        var options = engine.Value;
        return new DispatchOutcome.Answered(string.Create(
            CultureInfo.InvariantCulture,
            $"Models: {string.Join(", ", models.Names())} (default {options.DefaultModel}). Flags: --no, --seed, --steps (1–{options.MaxSteps}), --cfg, --ar W:H, --size WxH, --n (1–{options.MaxImages}), --sampler, --model, --strength. Up to {jobs.Value.MaxQueuedPerUser} jobs each in the queue."));
    }

    private static DispatchOutcome.Refused? OutOfRange(int index, int count) => index < 0 || index >= count
        ? new DispatchOutcome.Refused($"That result has {count} image{(count == 1 ? "" : "s")}; pick 1 to {count}.")
        : null;

    private DispatchOutcome.Refused? Parent(string resultId, out StoredRequest? parent, out PromptSpec? spec)
    {
        parent = requests.Get(resultId);
        spec = parent is null ? null : JsonSerializer.Deserialize(parent.SpecJson, ChatJsonContext.Default.PromptSpec);
        return parent is null || spec is null || parent.Status != RequestStatus.Done
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
