using DiffusionBot.Diffusion.Pipeline;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DiffusionBot.Diffusion.Imaging;

/// <summary>
/// A cheap preview of in-progress latents: each latent pixel mapped to RGB by the family's linear factors
/// (<see cref="LatentRgbFactors"/>, applied to UNet-space latents), the batch laid out as a
/// grid, encoded as a small JPEG. No VAE run, so it costs microseconds per step.
/// </summary>
/// <remarks>
/// Previews render the step's x̂₀ (<see cref="RenderEstimateJpeg"/>): the noisy latents of an early
/// step are mostly noise, while x̂₀ already shows the picture the model is heading for.
/// </remarks>
public static class LatentPreview
{
    private static readonly JpegEncoder Encoder = new() { Quality = 70 };

    /// <summary>The step's estimate of the finished images (x̂₀), which is already in UNet latent space.</summary>
    /// <param name="progress">The step to render.</param>
    /// <param name="factors">The model's latent space (<see cref="LatentRgbFactors.For"/>); SD 1.x's when null.</param>
    /// <param name="maxSide">The longest side the preview is scaled up to.</param>
    public static byte[] RenderEstimateJpeg(in DenoisingProgress progress, LatentRgbFactors? factors = null, int maxSide = 384) =>
        RenderJpeg(progress.PredictedOriginal, progress.Batch, progress.Channels, progress.Height, progress.Width, 1f, maxSide, factors);

    public static byte[] RenderJpeg(ReadOnlySpan<float> latents, int batch, int channels, int height, int width, float scale, int maxSide = 384, LatentRgbFactors? factors = null)
    {
        factors ??= LatentRgbFactors.Sd15;
        var columns = (int)Math.Ceiling(Math.Sqrt(batch));
        var rows = (batch + columns - 1) / columns;
        using var grid = new Image<Rgb24>(columns * width, rows * height);
        var plane = height * width;
        for (var b = 0; b < batch; b++)
        {
            var latent = latents.Slice(b * channels * plane, channels * plane);
            var ox = b % columns * width;
            var oy = b / columns * height;
            for (var y = 0; y < height; y++)
            {
                for (var x = 0; x < width; x++)
                {
                    grid[ox + x, oy + y] = Pixel(latent, channels, plane, y * width + x, scale, factors);
                }
            }
        }

        var factor = Math.Max(1, maxSide / Math.Max(grid.Width, grid.Height));
        grid.Mutate(x => x.Resize(grid.Width * factor, grid.Height * factor, KnownResamplers.Bicubic));
        using var stream = new MemoryStream();
        grid.Save(stream, Encoder);
        return stream.ToArray();
    }

    private static Rgb24 Pixel(ReadOnlySpan<float> latent, int channels, int plane, int index, float scale, LatentRgbFactors factors)
    {
        Span<float> rgb = [factors.Bias(0), factors.Bias(1), factors.Bias(2)];
        for (var c = 0; c < Math.Min(channels, factors.Channels); c++)
        {
            var v = latent[c * plane + index] * scale;
            rgb[0] += v * factors.Factor(c, 0);
            rgb[1] += v * factors.Factor(c, 1);
            rgb[2] += v * factors.Factor(c, 2);
        }

        return new Rgb24(PixelConversion.ToByte(rgb[0]), PixelConversion.ToByte(rgb[1]), PixelConversion.ToByte(rgb[2]));
    }
}
