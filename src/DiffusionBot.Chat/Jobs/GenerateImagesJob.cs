using System.Diagnostics;
using System.Text.Json;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Chat.Telemetry;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Residency;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Jobs;

/// <summary>
/// Renders one persisted request and posts its result. Reentrant: a rerun after a crash or on
/// another worker skips what is already recorded (images, posts), so the result lands exactly once.
/// </summary>
public sealed class GenerateImagesJob(
    RequestStore requests,
    ResultStore results,
    PipelineHost pipelines,
    IChatReplyRouter replies,
    WorkerIdentity worker,
    RunningRequests running,
    Quotas.QuotaStore quotas,
    IOptions<JobsOptions> jobs,
    IOptions<PreviewOptions> previews,
    TimeProvider time,
    ILoggerFactory loggers)
{
    private readonly ILogger _logger = loggers.CreateLogger<GenerateImagesJob>();

    [AutomaticRetry(Attempts = 0)]
    [Queue(JobsOptions.GpuQueue)]
    /// <summary>
    /// Runs the next request in the fair order. Every dispatched request queues one job, so each
    /// job runs one request, but which one is decided when a worker is free: round-robin across
    /// users, not first come first served. <paramref name="queuedFor"/> names the request that
    /// queued this job: its ticket (see <see cref="RequestStore.ForTicket"/>). Claiming binds the ticket to the request
    /// this job runs, so the dashboard names the job after that request.
    /// </summary>
    public async Task<JobOutcome> RunAsync(string queuedFor, CancellationToken cancellationToken)
    {
        // Checkpoint 1: only one live worker holds a request; nothing waiting means nothing to do.
        var lease = TimeSpan.FromSeconds(jobs.Value.LeaseSeconds);
        if (requests.ClaimNext(worker.Name, lease, queuedFor) is not { } claimed)
        {
            return JobOutcome.Idle;
        }

        var request = claimed.Request;
        var requestId = request.Id;
        using var activity = BotTracing.StartJob(request.TraceParent, requestId);
        if (claimed.IsFirstAttempt)
        {
            BotMetrics.QueueWait.Record((time.GetUtcNow() - request.CreatedAt).TotalSeconds);
        }

        var outcome = await RunClaimedAsync(claimed, lease, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("diffusionbot.outcome", outcome.Status);
        if (outcome.Status == JobOutcome.FailedStatus)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Reason);
        }

        return outcome;
    }

    private async Task<JobOutcome> RunClaimedAsync(ClaimedRequest claimed, TimeSpan lease, CancellationToken cancellationToken)
    {
        var request = claimed.Request;
        var requestId = request.Id;
        var origin = JsonSerializer.Deserialize(request.OriginJson, ChatJsonContext.Default.CommandOrigin)!;
        var spec = JsonSerializer.Deserialize(request.SpecJson, ChatJsonContext.Default.PromptSpec)!;
        var reply = replies.For(origin.Platform);
        if (claimed.Attempts > jobs.Value.MaxAttempts)
        {
            return await FailAsync(request, origin, reply, "undeliverable", "Sorry, this image could not be delivered after several tries; please try again.").ConfigureAwait(false);
        }

        using var current = running.Register(requestId, cancellationToken);
        using var keeper = new LeaseKeeper(requests, current, worker.Name, lease, time);
        IReadOnlyList<StoredImage> images;
        string? note = null;
        try
        {
            // Checkpoint 2: images already rendered by an earlier attempt are not rendered again (nor is its note kept).
            images = claimed.IsFirstAttempt ? [] : results.Images(requestId);
            if (images.Count == 0)
            {
                (images, note) = await RenderAsync(request, spec, origin, reply, current.Token).ConfigureAwait(false);
                results.SaveImages(requestId, images);
            }
        }
        catch (OperationCanceledException) when (current.LeaseLost)
        {
            // Another worker holds the request now (or may at any moment): it does the posting.
            _logger.LeaseLost(worker.Name, requestId);
            return JobOutcome.HandedOver(requestId);
        }
        catch (OperationCanceledException) when (current.CancelRequested || requests.Status(requestId) == RequestStatus.Cancelling)
        {
            if (requests.Finish(requestId, worker.Name, RequestStatus.Cancelled))
            {
                quotas.Release(requestId);
                await reply.SetStatusAsync(origin.ReplyAddress, "Cancelled.", CancellationToken.None).ConfigureAwait(false);
            }

            return JobOutcome.Cancelled(requestId);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            if (requests.Release(requestId, worker.Name) == RequestStatus.Cancelled)
            {
                quotas.Release(requestId);
            }

            throw;
        }
        catch (Exception e) when (e is InvalidRequestException or InvalidImageException or PromptFlagException or Diffusion.Models.ModelFolderException or Diffusion.Lora.LoraException)
        {
            return await FailAsync(request, origin, reply, "invalid_request", e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.JobFailed(e, requestId);
            return await FailAsync(request, origin, reply, "render_error", "Something went wrong while painting this; please try again.").ConfigureAwait(false);
        }

        // Checkpoint 3: the result is posted once. The ledger row is written right after the post and
        // adapters use the result id as an idempotency key for the gap in between. A failed post
        // propagates: the lease runs out and another attempt posts it. The lease is renewed just before,
        // so a worker that lost it posts nothing and the post has a whole lease to complete.
        if (current.LeaseLost || requests.RenewLease(requestId, worker.Name, lease) is null)
        {
            _logger.LeaseLost(worker.Name, requestId);
            return JobOutcome.HandedOver(requestId);
        }

        if (claimed.IsFirstAttempt || results.PostedMessages(requestId, PostKind.Result) is null)
        {
            using var posting = BotTracing.Source.StartActivity("post");
            var post = new ResultPost(requestId, [.. images.Select(i => new ResultImage(i.Png, i.Seed))], Echo(spec), spec.Edit is null ? ResultAction.ForGrid(images.Count) : ResultAction.ForSingle(0), note);
            IReadOnlyList<string> messageIds;
            try
            {
                messageIds = await reply.PostResultAsync(origin.ReplyAddress, post, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ReplyRefusedException refused)
            {
                // No attempt can post here (the bot is not in the channel): fail now, quota back, the user told another way.
                return await FailAsync(request, origin, reply, "post_refused", refused.UserMessage).ConfigureAwait(false);
            }

            if (results.RecordPost(requestId, PostKind.Result, string.Join(',', messageIds)))
            {
                foreach (var messageId in messageIds)
                {
                    results.MapMessage(request.Platform, request.ChannelId, messageId, requestId);
                }
            }
        }

        // Checkpoint 4: done; a rerun from here on does nothing.
        if (requests.Finish(requestId, worker.Name, RequestStatus.Done))
        {
            BotMetrics.Completed.Add(1);
        }

        return JobOutcome.Done(requestId);
    }

    // --refine leases the paired refiner beside the base; the dispatcher refused unpaired requests, so a pairing that
    // vanished since then fails the job with the same sentence.
    private ModelLease? RefinerLease(PromptSpec spec, StableDiffusionModel baseModel)
    {
        var model = spec.ResolveModel(pipelines.Options);
        if (RefineSwitch.Refusal(spec, model, baseModel.Defaults, name => pipelines.Catalog.Names().Contains(name, StringComparer.Ordinal)) is { } refusal)
        {
            throw new InvalidRequestException(refusal);
        }

        return spec.Refine == true ? pipelines.Lease(baseModel.Defaults.Refiner) : null;
    }

    private async Task<(IReadOnlyList<StoredImage> Images, string? Note)> RenderAsync(StoredRequest request, PromptSpec spec, CommandOrigin origin, IChatReply reply, CancellationToken cancellationToken)
    {
        using var activity = BotTracing.Source.StartActivity("render");
        using var lease = pipelines.Lease(spec.Model, spec.Loras ?? []);
        var pipeline = lease.Pipeline;
        var generation = spec.ToGenerationRequest(pipelines.Options, spec.Seed ?? 0, request.InitImage, pipeline.Model.Defaults);
        if (spec.Edit is { } edit)
        {
            generation = Edits.ImageEdit.Apply(edit, generation, spec.Strength, pipelines.Options);
        }

        var model = string.IsNullOrEmpty(spec.Model) ? pipelines.Options.DefaultModel : spec.Model;
        var size = $"{generation.Width}x{generation.Height}";
        activity?.SetTag("diffusionbot.model", model);
        activity?.SetTag("diffusionbot.size", size);
        await using var throttle = new PreviewThrottle(reply, origin.ReplyAddress, previews.Value, time, loggers.CreateLogger<PreviewThrottle>());
        var started = Stopwatch.GetTimestamp();
        var steps = 0;
        var factors = LatentRgbFactors.For(pipeline.Model);
        using var refinerLease = RefinerLease(spec, pipeline.Model);
        var refinement = refinerLease is null ? null : new Refinement(refinerLease.Pipeline, pipeline.Model.Defaults.HighNoiseFraction ?? Refinement.DefaultHighNoiseFraction);
        DenoisingProgressHandler onStep = (in DenoisingProgress p) =>
        {
            steps = p.Step;
            if (throttle.IsDue && p.Step < p.TotalSteps)
            {
                throttle.Offer(LatentPreview.RenderEstimateJpeg(p, factors), p.Step, p.TotalSteps);
            }
        };
        // A masked edit runs on the inpainting model paired with this one, as A1111 users switch to an inpainting checkpoint.
        using var inpaintLease = generation.Mask is not null && pipeline.Model.Defaults.InpaintModel is { } paired ? pipelines.Lease(paired) : null;
        var painter = inpaintLease?.Pipeline ?? pipeline;
        var upscaler = Edits.ImageEdit.IsUpscale(spec.Edit) ? pipelines.Upscalers.Current() : null;
        var result = !Edits.ImageEdit.IsUpscale(spec.Edit) ? painter.Generate(generation, onStep, cancellationToken, refinement)
            : upscaler is not null ? Diffusion.Upscaling.ModelUpscale.Run(upscaler, generation, pipelines.Options, pipeline.Model.Name, cancellationToken)
            : Diffusion.Upscaling.SdUpscale.Run(pipeline, generation, pipelines.Options, onStep, cancellationToken);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        await throttle.CompleteAsync().ConfigureAwait(false);
        BotMetrics.RenderDuration.Record(seconds, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("size", size));
        if (steps > 0 && seconds > 0)
        {
            BotMetrics.StepsPerSecond.Record(steps / seconds, new KeyValuePair<string, object?>("model", model));
        }

        return ([.. result.Images.Select((image, index) => new StoredImage(index, image.Seed, image.NsfwFlagged, image.Png))], DroppedTokensNote(result.DroppedTokens));
    }

    /// <summary>Told when the model's UNet takes a fixed 77-token prompt, so a long prompt lost its end.</summary>
    internal static string? DroppedTokensNote(int droppedTokens) => droppedTokens switch
    {
        <= 0 => null,
        1 => "Note: this model reads a limited prompt length; the last token of your prompt did not fit and was left out.",
        _ => $"Note: this model reads a limited prompt length; the last {droppedTokens} tokens of your prompt did not fit and were left out.",
    };

    private async Task<JobOutcome> FailAsync(StoredRequest request, CommandOrigin origin, IChatReply reply, string reason, string message)
    {
        if (!requests.Finish(request.Id, worker.Name, RequestStatus.Failed, message))
        {
            _logger.LeaseLost(worker.Name, request.Id);
            return JobOutcome.HandedOver(request.Id);
        }

        BotMetrics.Failed.Add(1, new KeyValuePair<string, object?>("reason", reason));
        quotas.Release(request.Id);
        if (results.RecordPost(request.Id, PostKind.Error, ""))
        {
            await reply.PostErrorAsync(origin.ReplyAddress, message, CancellationToken.None).ConfigureAwait(false);
        }

        return JobOutcome.Failed(request.Id, message);
    }

    private static string Echo(PromptSpec spec)
    {
        var prompt = spec.Loras is { Count: > 0 } loras ? $"{spec.Prompt} {string.Join(' ', loras)}" : spec.Prompt;
        return spec.NegativePrompt.Length > 0 ? $"{prompt} --no {spec.NegativePrompt}" : prompt;
    }
}
