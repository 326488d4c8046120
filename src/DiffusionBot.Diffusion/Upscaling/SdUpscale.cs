using System.Globalization;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DiffusionBot.Diffusion.Upscaling;

/// <summary>
/// A1111's "SD upscale": Lanczos to twice the size, then image-to-image at low strength to add detail. When the
/// enlarged image passes the pixel cap it is repainted in overlapping tiles whose overlaps are blended with linear
/// ramps, so no seam shows where two tiles meet.
/// </summary>
public static class SdUpscale
{
    public const float DefaultStrength = 0.3f;
    public const int Overlap = 64;
    public const int Scale = 2;

    /// <summary>Enlarges <paramref name="request"/>'s init image; its width and height are ignored, the seed and prompt used for every tile.</summary>
    public static GenerationResult Run(DiffusionPipeline pipeline, GenerationRequest request, EngineOptions options, DenoisingProgressHandler? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (request.InitImage is null)
        {
            throw new InvalidRequestException("Upscaling needs an image.");
        }

        using var source = UntrustedImageDecoder.Decode(request.InitImage, options.MaxInputBytes, options.MaxInputPixels);
        var width = source.Width * Scale / 8 * 8;
        var height = source.Height * Scale / 8 * 8;
        using var enlarged = source.Clone(x => x.Resize(width, height, KnownResamplers.Lanczos3));
        var single = request with { Count = 1, Mask = null };
        var tile = TileSide(options.MaxPixels);
        GenerationResult first;
        Image<Rgb24> painted;
        if ((long)width * height <= options.MaxPixels)
        {
            first = pipeline.Generate(single with { InitImage = Png(enlarged), Width = width, Height = height }, progress, cancellationToken);
            painted = Image.Load<Rgb24>(first.Images[0].Png);
            painted.Metadata.GetPngMetadata().TextData.Clear();
        }
        else
        {
            (first, painted) = Tiled(pipeline, single, enlarged, Math.Min(tile, width), Math.Min(tile, height), progress, cancellationToken);
        }

        using (painted)
        {
            var parameters = PngWithParameters.Format(request.Prompt, request.NegativePrompt, request.Steps, first.Sampler, request.GuidanceScale, request.Seed, width, height, first.Model, request.Strength)
                + string.Create(CultureInfo.InvariantCulture, $", SD upscale overlap: {Overlap}, SD upscale upscaler: Lanczos");
            var png = PngWithParameters.Encode(painted, parameters);
            var flagged = first.Images[0].NsfwFlagged;
            return first with { Images = [new GeneratedImage(png, request.Seed, flagged)], Width = width, Height = height };
        }
    }

    /// <summary>The largest multiple-of-8 square side within the cap.</summary>
    private static int TileSide(int maxPixels) => Math.Max(64, (int)Math.Sqrt(maxPixels) / 8 * 8);

    private static (GenerationResult First, Image<Rgb24> Painted) Tiled(DiffusionPipeline pipeline, GenerationRequest request, Image<Rgb24> enlarged, int tileWidth, int tileHeight, DenoisingProgressHandler? progress, CancellationToken cancellationToken)
    {
        var width = enlarged.Width;
        var height = enlarged.Height;
        var sums = new float[3 * width * height];
        var weights = new float[width * height];
        GenerationResult? first = null;
        var flagged = false;
        foreach (var y in Starts(height, tileHeight))
        {
            foreach (var x in Starts(width, tileWidth))
            {
                using var crop = enlarged.Clone(c => c.Crop(new Rectangle(x, y, tileWidth, tileHeight)));
                var result = pipeline.Generate(request with { InitImage = Png(crop), Width = tileWidth, Height = tileHeight }, progress, cancellationToken);
                first ??= result;
                flagged |= result.Images[0].NsfwFlagged;
                using var tile = Image.Load<Rgb24>(result.Images[0].Png);
                Accumulate(tile, x, y, width, height, sums, weights);
            }
        }

        var painted = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                var w = weights[i];
                painted[x, y] = new Rgb24(ToByte(sums[3 * i] / w), ToByte(sums[(3 * i) + 1] / w), ToByte(sums[(3 * i) + 2] / w));
            }
        }

        var images = first!.Images[0] with { NsfwFlagged = flagged };
        return (first with { Images = [images] }, painted);
    }

    /// <summary>Tile origins along one axis: a step of tile − overlap, the last tile flush with the edge.</summary>
    internal static IReadOnlyList<int> Starts(int length, int tile)
    {
        var starts = new List<int> { 0 };
        while (starts[^1] + tile < length)
        {
            starts.Add(Math.Min(starts[^1] + tile - Overlap, length - tile));
        }

        return starts;
    }

    private static void Accumulate(Image<Rgb24> tile, int left, int top, int width, int height, float[] sums, float[] weights)
    {
        for (var y = 0; y < tile.Height; y++)
        {
            var wy = Ramp(y, tile.Height, top > 0, top + tile.Height < height);
            for (var x = 0; x < tile.Width; x++)
            {
                var w = wy * Ramp(x, tile.Width, left > 0, left + tile.Width < width);
                var i = ((top + y) * width) + left + x;
                var p = tile[x, y];
                sums[3 * i] += w * p.R;
                sums[(3 * i) + 1] += w * p.G;
                sums[(3 * i) + 2] += w * p.B;
                weights[i] += w;
            }
        }
    }

    /// <summary>Rises over the overlap on a side shared with another tile; flat at the image's own edges.</summary>
    private static float Ramp(int position, int length, bool sharedStart, bool sharedEnd)
    {
        var w = 1f;
        if (sharedStart)
        {
            w = Math.Min(w, (position + 1f) / (Overlap + 1f));
        }

        if (sharedEnd)
        {
            w = Math.Min(w, (length - position) / (Overlap + 1f));
        }

        return w;
    }

    private static byte ToByte(float value) => (byte)Math.Clamp(MathF.Round(value), 0f, 255f);

    private static byte[] Png(Image<Rgb24> image)
    {
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
