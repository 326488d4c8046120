using DiffusionBot.Diffusion.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DiffusionBot.Diffusion.Inpainting;

/// <summary>
/// An inpainting mask at the request's size: white repaints, black keeps. Blurred in pixels (A1111's "Mask blur"),
/// then averaged over each 8×8 block, which feathers it in latent space.
/// </summary>
internal sealed class InpaintMask
{
    private InpaintMask(float[] pixels, float[] latent)
    {
        Pixels = pixels;
        Latent = latent;
    }

    /// <summary>[height × width] in [0, 1]: how much of each pixel is repainted.</summary>
    public float[] Pixels { get; }

    /// <summary>[height/8 × width/8] in [0, 1]: how much of each latent is repainted.</summary>
    public float[] Latent { get; }

    public static InpaintMask Decode(byte[] mask, int width, int height, int blur, EngineOptions options, int vaeScale)
    {
        using var image = UntrustedImageDecoder.Decode(mask, options.MaxInputBytes, options.MaxInputPixels);
        image.Mutate(x =>
        {
            x.Resize(width, height, KnownResamplers.Triangle);
            if (blur > 0)
            {
                x.GaussianBlur(blur);
            }
        });
        var pixels = new float[width * height];
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    pixels[y * width + x] = (row[x].R + row[x].G + row[x].B) / (3f * 255f);
                }
            }
        });
        return new InpaintMask(pixels, Downscale(pixels, width, height, vaeScale));
    }

    private static float[] Downscale(float[] pixels, int width, int height, int scale)
    {
        var latentWidth = width / scale;
        var latentHeight = height / scale;
        var latent = new float[latentWidth * latentHeight];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                latent[(y / scale * latentWidth) + (x / scale)] += pixels[(y * width) + x];
            }
        }

        var area = (float)(scale * scale);
        for (var i = 0; i < latent.Length; i++)
        {
            latent[i] /= area;
        }

        return latent;
    }

    /// <summary>A1111's overlay: the kept part of every image is the init image's own pixels, the seam following the blurred mask.</summary>
    public void Overlay(float[] decoded, int count, float[] init)
    {
        var plane = Pixels.Length;
        for (var b = 0; b < count; b++)
        {
            var image = decoded.AsSpan(b * 3 * plane, 3 * plane);
            for (var i = 0; i < image.Length; i++)
            {
                var m = Pixels[i % plane];
                image[i] = (m * image[i]) + ((1f - m) * init[i]);
            }
        }
    }
}
