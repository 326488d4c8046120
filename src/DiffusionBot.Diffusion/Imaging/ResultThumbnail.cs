using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DiffusionBot.Diffusion.Imaging;

/// <summary>
/// A small PNG of finished images, laid out as a grid the way <see cref="LatentPreview"/> lays out the batch: what a
/// status message shows in place of its live preview once the result is posted.
/// </summary>
public static class ResultThumbnail
{
    /// <summary>The default longest side of the thumbnail, in pixels.</summary>
    public const int DefaultMaxSide = 256;

    /// <exception cref="ImageFormatException">An image is not a readable PNG, JPEG or WebP.</exception>
    public static byte[] RenderPng(IReadOnlyList<ReadOnlyMemory<byte>> images, int maxSide = DefaultMaxSide)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentOutOfRangeException.ThrowIfZero(images.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxSide, 1);
        var columns = (int)Math.Ceiling(Math.Sqrt(images.Count));
        var rows = (images.Count + columns - 1) / columns;
        var loaded = new List<Image<Rgb24>>(images.Count);
        try
        {
            foreach (var image in images)
            {
                loaded.Add(Image.Load<Rgb24>(image.Span));
            }

            var cellWidth = loaded.Max(i => i.Width);
            var cellHeight = loaded.Max(i => i.Height);
            var scale = Math.Min(1.0, (double)maxSide / Math.Max(columns * cellWidth, rows * cellHeight));
            var width = Math.Max(1, (int)(cellWidth * scale));
            var height = Math.Max(1, (int)(cellHeight * scale));
            using var grid = new Image<Rgb24>(columns * width, rows * height);
            for (var i = 0; i < loaded.Count; i++)
            {
                loaded[i].Mutate(x => x.Resize(width, height, KnownResamplers.Bicubic));
                var location = new Point(i % columns * width, i / columns * height);
                grid.Mutate(x => x.DrawImage(loaded[i], location, 1f));
            }

            using var stream = new MemoryStream();
            grid.SaveAsPng(stream);
            return stream.ToArray();
        }
        finally
        {
            foreach (var image in loaded)
            {
                image.Dispose();
            }
        }
    }
}
