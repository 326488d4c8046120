using DiffusionBot.Diffusion.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DiffusionBot.Diffusion.Inpainting;

/// <summary>
/// Builds the canvases of zoom out, pan and Vary (Region): the image placed on its new canvas, the new part filled
/// with the image's mean colour (it is repainted from noise; the mean only keeps the seam's blur in tone), and the
/// mask that says what to paint.
/// </summary>
public static class Outpainting
{
    private const int Multiple = 8;
    private static readonly PngEncoder Png = new() { CompressionLevel = PngCompressionLevel.BestSpeed };

    /// <summary>The image shrunk by <paramref name="factor"/> (1.5 or 2) into the centre of a canvas of its own size.</summary>
    public static OutpaintCanvas ZoomOut(byte[] image, float factor, EngineOptions options)
    {
        if (!float.IsFinite(factor) || factor <= 1f || factor > 4f)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "Zoom out is between 1 and 4 times.");
        }

        using var source = UntrustedImageDecoder.Decode(image, options.MaxInputBytes, options.MaxInputPixels);
        var (width, height) = FitToCap(Floor8(source.Width), Floor8(source.Height), options.MaxPixels);
        var inner = new Size(Math.Max(1, (int)MathF.Round(width / factor)), Math.Max(1, (int)MathF.Round(height / factor)));
        var at = new Point((width - inner.Width) / 2, (height - inner.Height) / 2);
        return Compose(source, width, height, new Rectangle(at, inner));
    }

    /// <summary>The canvas grown by half on one side, scaled down as a whole when it would pass the pixel cap.</summary>
    public static OutpaintCanvas Pan(byte[] image, PanDirection direction, EngineOptions options)
    {
        using var source = UntrustedImageDecoder.Decode(image, options.MaxInputBytes, options.MaxInputPixels);
        var horizontal = direction is PanDirection.Left or PanDirection.Right;
        var grownWidth = horizontal ? source.Width + (source.Width / 2) : source.Width;
        var grownHeight = horizontal ? source.Height : source.Height + (source.Height / 2);
        var (width, height) = FitToCap(Floor8(grownWidth), Floor8(grownHeight), options.MaxPixels);
        var keptWidth = horizontal ? (int)Math.Round(width * (double)source.Width / grownWidth) : width;
        var keptHeight = horizontal ? height : (int)Math.Round(height * (double)source.Height / grownHeight);
        var at = direction switch
        {
            PanDirection.Left => new Point(width - keptWidth, 0),
            PanDirection.Up => new Point(0, height - keptHeight),
            _ => Point.Empty,
        };
        return Compose(source, width, height, new Rectangle(at, new Size(keptWidth, keptHeight)));
    }

    /// <summary>The image as it is, with a mask over <paramref name="region"/>.</summary>
    public static OutpaintCanvas Region(byte[] image, ImageRegion region, EngineOptions options)
    {
        using var source = UntrustedImageDecoder.Decode(image, options.MaxInputBytes, options.MaxInputPixels);
        var (width, height) = FitToCap(Floor8(source.Width), Floor8(source.Height), options.MaxPixels);
        source.Mutate(x => x.Resize(width, height, KnownResamplers.Lanczos3));
        var painted = RegionRectangle(region, width, height);
        using var mask = MaskImage(width, height, painted, inside: 255);
        return new OutpaintCanvas(Encode(source), Encode(mask), width, height);
    }

    /// <summary>A painted mask carried in the image's alpha (the playground brush): transparent pixels are repainted.</summary>
    public static OutpaintCanvas FromAlpha(byte[] image, EngineOptions options)
    {
        // The untrusted decoder checks format and size; only then is the alpha read.
        using var checkedImage = UntrustedImageDecoder.Decode(image, options.MaxInputBytes, options.MaxInputPixels);
        using var source = SixLabors.ImageSharp.Image.Load<Rgba32>(image);
        var (width, height) = FitToCap(Floor8(source.Width), Floor8(source.Height), options.MaxPixels);
        source.Mutate(x => x.Resize(width, height, KnownResamplers.Triangle));
        using var mask = new Image<L8>(width, height);
        using var rgb = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var p = source[x, y];
                mask[x, y] = new L8((byte)(255 - p.A));
                rgb[x, y] = new Rgb24(p.R, p.G, p.B);
            }
        }

        return new OutpaintCanvas(Encode(rgb), Encode(mask), width, height);
    }

    /// <summary>The rectangle a named region covers on a <paramref name="width"/>×<paramref name="height"/> image.</summary>
    public static Rectangle RegionRectangle(ImageRegion region, int width, int height) => region switch
    {
        ImageRegion.Centre => new Rectangle(width / 4, height / 4, width / 2, height / 2),
        ImageRegion.LeftHalf => new Rectangle(0, 0, width / 2, height),
        ImageRegion.RightHalf => new Rectangle(width / 2, 0, width - (width / 2), height),
        ImageRegion.TopHalf => new Rectangle(0, 0, width, height / 2),
        ImageRegion.BottomHalf => new Rectangle(0, height / 2, width, height - (height / 2)),
        _ => throw new ArgumentOutOfRangeException(nameof(region), region, null),
    };

    private static OutpaintCanvas Compose(Image<Rgb24> source, int width, int height, Rectangle kept)
    {
        var mean = MeanColour(source);
        using var canvas = new Image<Rgb24>(width, height, mean);
        using var placed = source.Clone(x => x.Resize(kept.Width, kept.Height, KnownResamplers.Lanczos3));
        canvas.Mutate(x => x.DrawImage(placed, kept.Location, 1f));
        using var mask = MaskImage(width, height, kept, inside: 0);
        return new OutpaintCanvas(Encode(canvas), Encode(mask), width, height);
    }

    private static Image<L8> MaskImage(int width, int height, Rectangle rectangle, byte inside)
    {
        var mask = new Image<L8>(width, height, new L8((byte)(255 - inside)));
        mask.ProcessPixelRows(rows =>
        {
            for (var y = rectangle.Top; y < rectangle.Bottom; y++)
            {
                rows.GetRowSpan(y).Slice(rectangle.Left, rectangle.Width).Fill(new L8(inside));
            }
        });
        return mask;
    }

    private static (int Width, int Height) FitToCap(int width, int height, int maxPixels)
    {
        if ((long)width * height <= maxPixels)
        {
            return (width, height);
        }

        var scale = Math.Sqrt(maxPixels / ((double)width * height));
        return (Floor8((int)(width * scale)), Floor8((int)(height * scale)));
    }

    private static int Floor8(int value) => Math.Max(64, value / Multiple * Multiple);

    private static Rgb24 MeanColour(Image<Rgb24> image)
    {
        long r = 0, g = 0, b = 0;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (var p in rows.GetRowSpan(y))
                {
                    r += p.R;
                    g += p.G;
                    b += p.B;
                }
            }
        });
        var n = (long)image.Width * image.Height;
        return new Rgb24((byte)(r / n), (byte)(g / n), (byte)(b / n));
    }

    private static byte[] Encode<TPixel>(Image<TPixel> image)
        where TPixel : unmanaged, IPixel<TPixel>
    {
        using var stream = new MemoryStream();
        image.Save(stream, Png);
        return stream.ToArray();
    }
}
