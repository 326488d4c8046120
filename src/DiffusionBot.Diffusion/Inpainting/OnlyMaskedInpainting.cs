using System.Globalization;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DiffusionBot.Diffusion.Inpainting;

/// <summary>
/// A1111's "Inpaint area: Only masked": the box around the (blurred) mask, grown by the padding and then to the
/// request's aspect ratio, is cut out, repainted at the request's full size, scaled back and pasted into the image
/// through the blurred mask, so a small masked area gets the model's whole resolution.
/// </summary>
internal static class OnlyMaskedInpainting
{
    public static GenerationResult Generate(DiffusionPipeline pipeline, GenerationRequest request, int padding, EngineOptions options, DenoisingProgressHandler? progress, CancellationToken cancellationToken)
    {
        RequestValidator.Validate(request, options, pipeline.Model.VaeEncoder is not null, pipeline.Model.Defaults);
        using var image = UntrustedImageDecoder.Decode(request.InitImage!, options.MaxInputBytes, options.MaxInputPixels);
        using var mask = UntrustedImageDecoder.Decode(request.Mask!, options.MaxInputBytes, options.MaxInputPixels);
        mask.Mutate(x =>
        {
            x.Resize(image.Width, image.Height, KnownResamplers.Triangle);
            if (request.MaskBlur > 0)
            {
                x.GaussianBlur(request.MaskBlur);
            }
        });
        var crop = CropRegion(mask, padding, request.Width, request.Height);
        if (crop is not { } region)
        {
            throw new InvalidRequestException("The mask is empty: paint over the part to repaint.");
        }

        using var croppedImage = image.Clone(x => x.Crop(region).Resize(request.Width, request.Height, KnownResamplers.Lanczos3));
        using var croppedMask = mask.Clone(x => x.Crop(region).Resize(request.Width, request.Height, KnownResamplers.Triangle));
        var inner = pipeline.Generate(request with { InitImage = Png(croppedImage), Mask = Png(croppedMask), OnlyMaskedPadding = null, MaskBlur = 0 }, progress, cancellationToken);

        var suffix = string.Create(CultureInfo.InvariantCulture, $", Mask blur: {request.MaskBlur}, Inpaint area: Only masked, Masked area padding: {padding}");
        var images = inner.Images.Select(generated =>
        {
            using var painted = Image.Load<Rgb24>(generated.Png);
            var parameters = (PngWithParameters.Read(generated.Png) ?? "").Replace(", Mask blur: 0", "", StringComparison.Ordinal) + suffix;
            painted.Mutate(x => x.Resize(region.Width, region.Height, KnownResamplers.Lanczos3));
            using var result = image.Clone();
            result.Metadata.GetPngMetadata().TextData.Clear();
            Paste(result, painted, mask, region);
            return generated with { Png = PngWithParameters.Encode(result, parameters) };
        }).ToList();
        return inner with { Images = images, Width = image.Width, Height = image.Height };
    }

    /// <summary>
    /// The box holding every masked pixel, grown by <paramref name="padding"/>, then widened or heightened around its
    /// centre to <paramref name="width"/>:<paramref name="height"/> and kept inside the image; null when nothing is masked.
    /// </summary>
    internal static Rectangle? CropRegion(Image<Rgb24> mask, int padding, int width, int height)
    {
        var (left, top, right, bottom) = (int.MaxValue, int.MaxValue, -1, -1);
        mask.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    if (row[x].R + row[x].G + row[x].B > 0)
                    {
                        (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
                    }
                }
            }
        });
        if (right < 0)
        {
            return null;
        }

        left = Math.Max(0, left - padding);
        top = Math.Max(0, top - padding);
        right = Math.Min(mask.Width, right + 1 + padding);
        bottom = Math.Min(mask.Height, bottom + 1 + padding);
        var (cropWidth, cropHeight) = (right - left, bottom - top);
        var ratio = width / (double)height;
        if (cropWidth / (double)cropHeight < ratio)
        {
            (left, cropWidth) = Grow(left, cropWidth, (int)Math.Round(cropHeight * ratio), mask.Width);
        }
        else
        {
            (top, cropHeight) = Grow(top, cropHeight, (int)Math.Round(cropWidth / ratio), mask.Height);
        }

        return new Rectangle(left, top, cropWidth, cropHeight);
    }

    /// <summary>Grows [start, start + length) to <paramref name="wanted"/> around its centre, shifted (and at most cut) to fit [0, limit).</summary>
    private static (int Start, int Length) Grow(int start, int length, int wanted, int limit)
    {
        wanted = Math.Min(wanted, limit);
        var grown = start - ((wanted - length) / 2);
        return (Math.Clamp(grown, 0, limit - wanted), wanted);
    }

    /// <summary>A1111's overlay: each pixel of the box mixes the repaint and the original by the blurred mask.</summary>
    private static void Paste(Image<Rgb24> target, Image<Rgb24> painted, Image<Rgb24> mask, Rectangle region)
    {
        for (var y = 0; y < region.Height; y++)
        {
            for (var x = 0; x < region.Width; x++)
            {
                var m = mask[region.X + x, region.Y + y];
                var alpha = (m.R + m.G + m.B) / (3f * 255f);
                var (p, o) = (painted[x, y], target[region.X + x, region.Y + y]);
                target[region.X + x, region.Y + y] = new Rgb24(Mix(o.R, p.R, alpha), Mix(o.G, p.G, alpha), Mix(o.B, p.B, alpha));
            }
        }
    }

    private static byte Mix(byte original, byte painted, float alpha) => (byte)Math.Clamp(MathF.Round(original + ((painted - original) * alpha)), 0f, 255f);

    private static byte[] Png(Image<Rgb24> image)
    {
        using var stream = new MemoryStream();
        image.Save(stream, new PngEncoder());
        return stream.ToArray();
    }
}
