using System.Diagnostics;
using DiffusionBot.Diffusion.Device;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Inpainting;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Schedulers;
using DiffusionBot.Diffusion.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// Text-to-image and image-to-image on one model, in diffusers' stages: validate → encode prompt →
/// timesteps → latents → denoise → decode → safety → images. One run at a time: the UNet's
/// tensors and the loop's buffers are kept and reused across steps and requests.
/// </summary>
public sealed class DiffusionPipeline
{
    private const int VaeScale = 8;

    private readonly StableDiffusionModel _model;
    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly DenoisingLoop _loop;

    public DiffusionPipeline(StableDiffusionModel model, EngineOptions options, ILogger? logger = null)
    {
        _model = model;
        _options = options;
        _logger = logger ?? NullLogger.Instance;
        _loop = new DenoisingLoop(model.Unet);
    }

    public StableDiffusionModel Model => _model;

    /// <summary>The LoRAs merged into this pipeline's sessions (set by <see cref="Lora.LoraModels"/>), recorded in each PNG.</summary>
    public IReadOnlyList<Lora.AppliedLora> Loras { get; internal set; } = [];

    /// <summary>
    /// Runs one request to completion; throws <see cref="OperationCanceledException"/> within one step of a cancel.
    /// With a <paramref name="refinement"/>, this model denoises the noisiest part and the refiner finishes.
    /// </summary>
    public GenerationResult Generate(GenerationRequest request, DenoisingProgressHandler? progress = null, CancellationToken cancellationToken = default, Refinement? refinement = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request is { OnlyMaskedPadding: { } padding, Mask: not null, InitImage: not null })
        {
            return OnlyMaskedInpainting.Generate(this, request, padding, _options, progress, cancellationToken);
        }

        if (refinement is not null)
        {
            return RefinementStages.Generate(this, request, refinement, progress, cancellationToken);
        }

        return Generate(request, progress, cancellationToken, stageFor: null);
    }

    /// <summary>A request, or one model's stage of it when <paramref name="stageFor"/> places it in the schedule.</summary>
    internal GenerationResult Generate(GenerationRequest request, DenoisingProgressHandler? progress, CancellationToken cancellationToken, Func<IScheduler, int, (int Begin, ExpertStage Stage)>? stageFor)
    {

        // 1. Check inputs.
        RequestValidator.Validate(request, _options, _model.VaeEncoder is not null, _model.Defaults);
        Embeddings.EmbeddingUse.RefuseUnusable(_model, request);
        if (_model.Unet.IsInpainting && (request.Mask is null || request.InitImage is null))
        {
            throw new InvalidRequestException(InpaintingModelNeedsAMask);
        }

        var initImage = request.InitImage is null ? null : DecodeInitImage(request);
        var samplerName = string.IsNullOrEmpty(request.Sampler) ? _options.DefaultSampler : request.Sampler;
        var scheduler = string.IsNullOrEmpty(samplerName)
            ? SchedulerFactory.CreateDefault(_model.SchedulerConfig)
            : SchedulerFactory.Create(samplerName, _model.SchedulerConfig);
        var sampler = SamplerLabel(samplerName);
        var begin = TimestepStage.Prepare(scheduler, request, initImage is not null, sampler);
        ExpertStage? stage = null;
        if (stageFor is not null)
        {
            (begin, stage) = stageFor(scheduler, begin);
        }

        lock (_gate)
        {
            var clock = Stopwatch.StartNew();
            using var runOptions = new RunOptions();
            using var cancelRegistration = cancellationToken.Register(() => runOptions.Terminate = true);
            try
            {
                var images = Run(request, initImage, scheduler, begin, sampler, runOptions, progress, cancellationToken, out var droppedTokens, stage);
                _logger.Generated(images.Count, _model.Name, clock.ElapsedMilliseconds);
                return new GenerationResult(images, _model.Name, sampler, request.Width, request.Height, request.Steps, request.GuidanceScale, droppedTokens, clock.Elapsed);
            }
            catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException(cancellationToken);
            }
        }
    }

    private List<GeneratedImage> Run(GenerationRequest request, float[]? initImage, IScheduler scheduler, int begin, string sampler, RunOptions runOptions, DenoisingProgressHandler? progress, CancellationToken cancellationToken, out int droppedTokens, ExpertStage? stage = null)
    {
        var count = request.Count;
        var seeds = Enumerable.Range(0, count).Select(i => request.Seed + i).ToArray();
        var noise = new SeededNoise(seeds);
        var latentHeight = request.Height / VaeScale;
        var latentWidth = request.Width / VaeScale;
        var mask = request.Mask is null ? null : InpaintMask.Decode(request.Mask, request.Width, request.Height, request.MaskBlur, _options, VaeScale);
        InpaintBlend? blend = null;

        // 2. Encode the prompt; an unconditional row only when guidance needs one.
        var useCfg = request.GuidanceScale > 1f && _model.Unet.TimestepCond is null;
        // Weights and long prompts as A1111 reads them; a UNet exported for 77 tokens keeps one chunk.
        var (positive, negative) = _model.Conditioner.Encode(request.Prompt, request.NegativePrompt, useCfg, request.Width, request.Height, runOptions, _model.Unet.HiddenStates.FixedDimension(1));
        droppedTokens = positive.DroppedTokens;

        // 3. Timesteps were set before the run (TimestepStage), so a refusal costs no model time.

        // 4. Latents.
        var (buffers, latents) = _loop.Prepare(count, useCfg, latentHeight, latentWidth, positive, negative, request.GuidanceScale);
        if (stage?.StartLatents is { } handedOver)
        {
            handedOver.CopyTo(latents, 0);
        }
        else if (initImage is null || (_model.Unet.IsInpainting && request.Strength >= 1f))
        {
            // diffusers' inpaint pipeline at strength 1 starts from pure noise, as text-to-image does.
            noise.FillGaussian(latents);
            var sigma = scheduler.InitNoiseSigma;
            for (var i = 0; i < latents.Length; i++)
            {
                latents[i] *= sigma;
            }
        }
        else
        {
            var encoded = _model.VaeEncoder!.Encode(initImage, request.Height, request.Width, new SeededNoise([request.Seed]), runOptions);
            var perImage = latents.Length / count;
            for (var b = 0; b < count; b++)
            {
                for (var i = 0; i < perImage; i++)
                {
                    latents[b * perImage + i] = encoded[i] * _model.ScalingFactor;
                }
            }

            var startNoise = new float[latents.Length];
            noise.FillGaussian(startNoise);
            if (mask is not null && !_model.Unet.IsInpainting)
            {
                blend = new InpaintBlend((float[])latents.Clone(), startNoise, mask.Latent);
            }

            scheduler.AddNoise(latents, startNoise, scheduler.Timesteps[begin]);
        }

        // An inpainting UNet sees the mask and the kept pixels' latents beside its own at every step.
        var inpaintInputs = _model.Unet.IsInpainting && mask is not null && initImage is not null
            ? new InpaintInputs(mask.Latent, Scaled(_model.VaeEncoder!.Encode(InpaintInputs.MaskedImage(initImage, mask), request.Height, request.Width, new SeededNoise([request.Seed]), runOptions)))
            : null;

        // 5. Denoising loop (on the device where the scheduler has a step graph).
        var run = new LoopRun(_model.Unet, buffers, scheduler, count, useCfg, request.GuidanceScale, noise, runOptions, begin, stage?.End, stage?.StepOffset ?? 0, stage?.TotalSteps, blend, inpaintInputs);
        latents = _loop.Run(run, latents, progress, cancellationToken);

        cancellationToken.ThrowIfCancellationRequested();
        FiniteGuard.Latents(latents);
        if (stage?.End is not null)
        {
            stage.HandedOff = (float[])latents.Clone();
            return [];
        }

        // 6. Decode.
        var unscaled = new float[latents.Length];
        for (var i = 0; i < latents.Length; i++)
        {
            unscaled[i] = latents[i] / _model.ScalingFactor;
        }

        var (pixels, height, width, _) = _model.Vae.Decode(unscaled, count, _model.Unet.LatentChannels, latentHeight, latentWidth, runOptions);
        mask?.Overlay(pixels, count, initImage!);

        // 7. Safety.
        var flagged = _model.SafetyChecker is null ? new bool[count] : CheckSafety(pixels, count, height, width, runOptions);

        // 8. Images.
        var result = new List<GeneratedImage>(count);
        for (var b = 0; b < count; b++)
        {
            using var image = PixelConversion.FromModelOutput(pixels, b, width, height);

            var (loraPrompt, loraHashes) = Lora.AppliedLora.Describe(Loras);
            var parameters = PngWithParameters.Format(request.Prompt + loraPrompt, request.NegativePrompt, request.Steps, sampler, request.GuidanceScale, seeds[b], request.Width, request.Height, stage?.ModelName ?? _model.Name, request.InitImage is null ? null : request.Strength) + InpaintParameters(request) + loraHashes + Embeddings.EmbeddingUse.Parameters(_model, request) + stage?.ParametersSuffix;
            result.Add(new GeneratedImage(PngWithParameters.Encode(image, parameters), seeds[b], flagged[b]));
        }

        return result;
    }

    private float[] Scaled(float[] latents)
    {
        for (var i = 0; i < latents.Length; i++)
        {
            latents[i] *= _model.ScalingFactor;
        }

        return latents;
    }

    /// <summary>The answer to a text-to-image request on an inpainting model.</summary>
    public const string InpaintingModelNeedsAMask = "This is an inpainting model: it repaints part of an image (Zoom Out, the pans, Vary (Region)). Pick a regular model for new images, or pair this one with it in that model's diffusionbot.json (\"inpaint_model\").";

    private static string InpaintParameters(GenerationRequest request) =>
        request.Mask is null ? "" : string.Create(System.Globalization.CultureInfo.InvariantCulture, $", Mask blur: {request.MaskBlur}");

    private bool[] CheckSafety(float[] pixels, int count, int height, int width, RunOptions runOptions)
    {
        var unit = new float[pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            unit[i] = Math.Clamp(pixels[i] / 2f + 0.5f, 0f, 1f);
        }

        var flagged = _model.SafetyChecker!.Check(unit, count, height, width, runOptions);
        for (var b = 0; b < count; b++)
        {
            if (flagged[b])
            {
                pixels.AsSpan(b * 3 * height * width, 3 * height * width).Fill(-1f);
            }
        }

        return flagged;
    }

    private float[] DecodeInitImage(GenerationRequest request)
    {
        using var image = UntrustedImageDecoder.Decode(request.InitImage!, _options.MaxInputBytes, _options.MaxInputPixels);
        return PixelConversion.ToModelInput(image, request.Width, request.Height);
    }

    private string SamplerLabel(string? requested) =>
        string.IsNullOrEmpty(requested) ? _model.SchedulerConfig.ClassName ?? "default" : SchedulerFactory.CanonicalName(requested) ?? requested;
}
