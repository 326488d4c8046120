using System.Globalization;
using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// Stage 3: the schedule for a request, and where img2img starts in it. The one place that decides how many
/// steps run, so a request it accepts always runs at least one.
/// </summary>
internal static class TimestepStage
{
    /// <summary>Sets <paramref name="scheduler"/>'s timesteps for <paramref name="request"/>; returns the index the loop starts at.</summary>
    public static int Prepare(IScheduler scheduler, GenerationRequest request, bool imageToImage, string sampler)
    {
        var steps = request.Steps;
        var strength = ImageToImageSchedule.AsWritten(request.Strength);
        if (imageToImage && scheduler is IStrengthAwareScheduler strengthAware)
        {
            // diffusers' LatentConsistencyModelImg2ImgPipeline: strength shortens the distillation schedule and all n steps run.
            var available = strengthAware.AvailableSteps(strength);
            if (available < steps)
            {
                throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                    $"With strength {request.Strength} the {sampler} sampler has {available} step(s) to choose from, fewer than the {steps} asked for; lower the steps or raise the strength."));
            }

            SetTimesteps(() => strengthAware.SetTimesteps(steps, strength), steps, sampler);
            return 0;
        }

        SetTimesteps(() => scheduler.SetTimesteps(steps), steps, sampler);
        if (!imageToImage)
        {
            return 0;
        }

        if (ImageToImageSchedule.InitSteps(steps, strength) == 0)
        {
            throw new InvalidRequestException(string.Create(CultureInfo.InvariantCulture,
                $"With strength {request.Strength} and {steps} steps no step would run (diffusers runs int(steps × strength)); raise one of them."));
        }

        var begin = ImageToImageSchedule.BeginIndex(steps, strength, scheduler.Order);
        scheduler.SetBeginIndex(begin);
        return begin;
    }

    private static void SetTimesteps(Action set, int steps, string sampler)
    {
        try
        {
            set();
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new InvalidRequestException($"The {sampler} sampler cannot run {steps} step(s); try more steps or another sampler.");
        }
    }
}
