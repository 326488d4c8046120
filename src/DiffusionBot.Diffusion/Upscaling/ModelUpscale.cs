using System.Diagnostics;
using System.Globalization;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Processing;

namespace DiffusionBot.Diffusion.Upscaling;

/// <summary>
/// Upscale 2× with an ONNX upscaler, as A1111's Extras tab does it: the model enlarges by its own scale, and Lanczos
/// brings the result to twice the original when the model's scale is larger (a ×4 Real-ESRGAN for a 2× upscale).
/// </summary>
public static class ModelUpscale
{
    public const int Scale = 2;
    public const int Overlap = 16;

    /// <summary>Enlarges <paramref name="request"/>'s init image; the PNG keeps the request's parameters and names the upscaler.</summary>
    public static GenerationResult Run(UpscalerModel upscaler, GenerationRequest request, EngineOptions options, string model, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(upscaler);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (request.InitImage is null)
        {
            throw new InvalidRequestException("Upscaling needs an image.");
        }

        var started = Stopwatch.GetTimestamp();
        using var source = UntrustedImageDecoder.Decode(request.InitImage, options.MaxInputBytes, options.MaxInputPixels);
        using var enlarged = upscaler.Upscale(source, options.UpscaleTile, Overlap, cancellationToken);
        var width = source.Width * Scale;
        var height = source.Height * Scale;
        if (enlarged.Width != width || enlarged.Height != height)
        {
            enlarged.Mutate(x => x.Resize(width, height, KnownResamplers.Lanczos3));
        }

        // A1111's Extras append these two to the image's own parameters (modules/postprocessing.py).
        var parameters = PngWithParameters.Format(request.Prompt, request.NegativePrompt, request.Steps, request.Sampler ?? "", request.GuidanceScale, request.Seed, width, height, model, null)
            + string.Create(CultureInfo.InvariantCulture, $", Postprocess upscale by: {Scale}, Postprocess upscaler: {upscaler.Name}");
        var png = PngWithParameters.Encode(enlarged, parameters);
        return new GenerationResult([new GeneratedImage(png, request.Seed, false)], model, request.Sampler ?? "", width, height, 0, request.GuidanceScale, 0, Stopwatch.GetElapsedTime(started));
    }
}
