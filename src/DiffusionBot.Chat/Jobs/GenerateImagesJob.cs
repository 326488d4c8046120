using System.Text.Json;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Prompts;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
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
    /// queued this job (it shows in the dashboard).
    /// </summary>
    public async Task RunAsync(string queuedFor, CancellationToken cancellationToken)
    {
        // Checkpoint 1: only one live worker holds a request; nothing waiting means nothing to do.
        var lease = TimeSpan.FromSeconds(jobs.Value.LeaseSeconds);
        if (requests.ClaimNext(worker.Name, lease) is not { } claimed)
        {
            return;
        }

        var request = claimed.Request;
        var requestId = request.Id;
        var origin = JsonSerializer.Deserialize(request.OriginJson, ChatJsonContext.Default.CommandOrigin)!;
        var spec = JsonSerializer.Deserialize(request.SpecJson, ChatJsonContext.Default.PromptSpec)!;
        var reply = replies.For(origin.Platform);
        if (claimed.Attempts > jobs.Value.MaxAttempts)
        {
            await FailAsync(request, origin, reply, "Sorry, this image could not be delivered after several tries; please try again.").ConfigureAwait(false);
            return;
        }

        using var current = running.Register(requestId, cancellationToken);
        using var keeper = new LeaseKeeper(requests, current, worker.Name, lease, time);
        IReadOnlyList<StoredImage> images;
        try
        {
            // Checkpoint 2: images already rendered by an earlier attempt are not rendered again.
            images = claimed.IsFirstAttempt ? [] : results.Images(requestId);
            if (images.Count == 0)
            {
                images = await RenderAsync(request, spec, origin, reply, current.Token).ConfigureAwait(false);
                results.SaveImages(requestId, images);
            }
        }
        catch (OperationCanceledException) when (current.LeaseLost)
        {
            // Another worker holds the request now (or may at any moment): it does the posting.
            _logger.LeaseLost(worker.Name, requestId);
            return;
        }
        catch (OperationCanceledException) when (current.CancelRequested)
        {
            if (requests.Finish(requestId, worker.Name, RequestStatus.Cancelled))
            {
                quotas.Release(requestId);
                await reply.SetStatusAsync(origin.ReplyAddress, "Cancelled.", CancellationToken.None).ConfigureAwait(false);
            }

            return;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            requests.Release(requestId, worker.Name);
            throw;
        }
        catch (Exception e) when (e is InvalidRequestException or InvalidImageException or PromptFlagException or Diffusion.Models.ModelFolderException)
        {
            await FailAsync(request, origin, reply, e.Message).ConfigureAwait(false);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _logger.JobFailed(e, requestId);
            await FailAsync(request, origin, reply, "Something went wrong while painting this; please try again.").ConfigureAwait(false);
            return;
        }

        // Checkpoint 3: the result is posted once. The ledger row is written right after the post and
        // adapters use the result id as an idempotency key for the gap in between. A failed post
        // propagates: the lease runs out and another attempt posts it. The lease is renewed just before,
        // so a worker that lost it posts nothing and the post has a whole lease to complete.
        if (current.LeaseLost || requests.RenewLease(requestId, worker.Name, lease) is null)
        {
            _logger.LeaseLost(worker.Name, requestId);
            return;
        }

        if (claimed.IsFirstAttempt || results.PostedMessages(requestId, PostKind.Result) is null)
        {
            var post = new ResultPost(requestId, [.. images.Select(i => new ResultImage(i.Png, i.Seed))], Echo(spec), ResultAction.ForGrid(images.Count));
            IReadOnlyList<string> messageIds;
            try
            {
                messageIds = await reply.PostResultAsync(origin.ReplyAddress, post, CancellationToken.None).ConfigureAwait(false);
            }
            catch (ReplyRefusedException refused)
            {
                // No attempt can post here (the bot is not in the channel): fail now, quota back, the user told another way.
                await FailAsync(request, origin, reply, refused.UserMessage).ConfigureAwait(false);
                return;
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
        requests.Finish(requestId, worker.Name, RequestStatus.Done);
    }

    private async Task<IReadOnlyList<StoredImage>> RenderAsync(StoredRequest request, PromptSpec spec, CommandOrigin origin, IChatReply reply, CancellationToken cancellationToken)
    {
        using var lease = pipelines.Lease(spec.Model);
        var pipeline = lease.Pipeline;
        var generation = spec.ToGenerationRequest(pipelines.Options, spec.Seed ?? 0, request.InitImage);
        await using var throttle = new PreviewThrottle(reply, origin.ReplyAddress, previews.Value, time, loggers.CreateLogger<PreviewThrottle>());
        var result = pipeline.Generate(
            generation,
            (in DenoisingProgress p) =>
            {
                if (throttle.IsDue && p.Step < p.TotalSteps)
                {
                    throttle.Offer(LatentPreview.RenderEstimateJpeg(p), p.Step, p.TotalSteps);
                }
            },
            cancellationToken);
        await throttle.CompleteAsync().ConfigureAwait(false);
        return [.. result.Images.Select((image, index) => new StoredImage(index, image.Seed, image.NsfwFlagged, image.Png))];
    }

    private async Task FailAsync(StoredRequest request, CommandOrigin origin, IChatReply reply, string message)
    {
        if (!requests.Finish(request.Id, worker.Name, RequestStatus.Failed, message))
        {
            _logger.LeaseLost(worker.Name, request.Id);
            return;
        }

        quotas.Release(request.Id);
        if (results.RecordPost(request.Id, PostKind.Error, ""))
        {
            await reply.PostErrorAsync(origin.ReplyAddress, message, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static string Echo(PromptSpec spec) => spec.NegativePrompt.Length > 0 ? $"{spec.Prompt} --no {spec.NegativePrompt}" : spec.Prompt;
}
