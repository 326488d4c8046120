using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>Checks a request against the engine's limits; every message is one polite line.</summary>
internal static class RequestValidator
{
    public static void Validate(GenerationRequest request, EngineOptions options, bool canImageToImage, ModelDefaults? model = null)
    {
        var maxPixels = (model ?? ModelDefaults.None).PixelCap(options.MaxPixels);
        if (request.Width % 8 != 0 || request.Height % 8 != 0)
        {
            throw new InvalidRequestException($"Width and height must be multiples of 8 (got {request.Width}×{request.Height}).");
        }

        if (request.Width < 64 || request.Height < 64)
        {
            throw new InvalidRequestException($"Images must be at least 64×64 pixels (got {request.Width}×{request.Height}).");
        }

        if ((long)request.Width * request.Height > maxPixels)
        {
            var whose = maxPixels < options.MaxPixels ? $" for {model?.Family ?? "this model"}" : "";
            throw new InvalidRequestException($"{request.Width}×{request.Height} is too large; the limit{whose} is {maxPixels:N0} pixels per image (e.g. {Side(maxPixels)}×{Side(maxPixels)}).");
        }

        if (request.Steps < 1 || request.Steps > options.MaxSteps)
        {
            throw new InvalidRequestException($"Steps must be between 1 and {options.MaxSteps} (got {request.Steps}).");
        }

        if (request.Count < 1 || request.Count > options.MaxImages)
        {
            throw new InvalidRequestException($"You can ask for 1 to {options.MaxImages} images at once (got {request.Count}).");
        }

        if (!float.IsFinite(request.GuidanceScale) || request.GuidanceScale < 0 || request.GuidanceScale > 50)
        {
            throw new InvalidRequestException($"Guidance (CFG) must be between 0 and 50 (got {request.GuidanceScale}).");
        }

        if (request.Sampler is { Length: > 0 } sampler && SchedulerFactory.CanonicalName(sampler) is null)
        {
            throw new InvalidRequestException($"Unknown sampler '{sampler}'; choose one of {SchedulerFactory.DescribeNames()}.");
        }

        if (request.Mask is not null && request.InitImage is null)
        {
            throw new InvalidRequestException("A mask needs an image to repaint.");
        }

        if (request.OnlyMaskedPadding is < 0 or > 256)
        {
            throw new InvalidRequestException($"The masked area padding must be between 0 and 256 pixels (got {request.OnlyMaskedPadding}).");
        }

        if (request.MaskBlur is < 0 or > 64)
        {
            throw new InvalidRequestException($"Mask blur must be between 0 and 64 pixels (got {request.MaskBlur}).");
        }

        if (request.InitImage is not null)
        {
            if (!canImageToImage)
            {
                throw new InvalidRequestException("This model has no VAE encoder, so it cannot start from an image.");
            }

            if (!float.IsFinite(request.Strength) || request.Strength <= 0 || request.Strength > 1)
            {
                throw new InvalidRequestException($"Strength must be above 0 and at most 1 (got {request.Strength}).");
            }
        }
    }

    private static int Side(int pixels) => (int)Math.Sqrt(pixels) / 8 * 8;
}
