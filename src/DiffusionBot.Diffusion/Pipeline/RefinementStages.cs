using System.Diagnostics;
using System.Globalization;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// Runs a request as diffusers' SDXL ensemble of experts: the base pipeline's loop stops at
/// <see cref="Refinement.HighNoiseFraction"/> and hands its latents, undecoded, to the refiner pipeline's loop, which
/// continues the same schedule with its own prompt embedding and decodes. Both stages are the one denoising loop.
/// </summary>
internal static class RefinementStages
{
    public static GenerationResult Generate(DiffusionPipeline basePipeline, GenerationRequest request, Refinement refinement, DenoisingProgressHandler? progress, CancellationToken cancellationToken)
    {
        var fraction = refinement.HighNoiseFraction;
        if (!(fraction is > 0f and < 1f))
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture, $"The refiner's high-noise fraction must be between 0 and 1 (got {fraction})."));
        }

        var refiner = refinement.Refiner;
        if (refiner.Model.Unet.LatentChannels != basePipeline.Model.Unet.LatentChannels)
        {
            throw new InvalidRequestException($"{refiner.Model.Name} cannot refine {basePipeline.Model.Name}: their latents have {refiner.Model.Unet.LatentChannels} and {basePipeline.Model.Unet.LatentChannels} channels.");
        }

        var clock = Stopwatch.StartNew();
        var first = new ExpertStage();
        var total = 0;
        basePipeline.Generate(request, progress, cancellationToken, (scheduler, begin) =>
        {
            var end = ExpertSplit.BaseEnd(scheduler.Timesteps, fraction);
            if (end <= begin)
            {
                throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                    $"With strength {request.Strength} the base model would run no step before the refiner takes over at {fraction}; raise the strength or refine without --refine."));
            }

            total = end - begin + (scheduler.Timesteps.Count - ExpertSplit.RefinerBegin(scheduler.Timesteps, fraction, scheduler.Order));
            first = new ExpertStage { End = end, TotalSteps = total };
            return (begin, first);
        });

        var handedOff = first.HandedOff!;
        var suffix = string.Create(CultureInfo.InvariantCulture, $", Refiner: {refiner.Model.Name}, Refiner switch at: {fraction}");
        var result = refiner.Generate(request with { InitImage = null }, progress, cancellationToken, (scheduler, _) =>
        {
            var begin = ExpertSplit.RefinerBegin(scheduler.Timesteps, fraction, scheduler.Order);
            scheduler.SetBeginIndex(begin);
            return (begin, new ExpertStage { StartLatents = handedOff, StepOffset = total - (scheduler.Timesteps.Count - begin), TotalSteps = total, ModelName = basePipeline.Model.Name, ParametersSuffix = suffix });
        });
        return result with { Model = basePipeline.Model.Name, Elapsed = clock.Elapsed };
    }
}
