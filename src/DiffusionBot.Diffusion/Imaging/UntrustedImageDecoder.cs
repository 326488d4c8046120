using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Formats.Webp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Diffusion.Imaging;

/// <summary>
/// Decodes images from users: only PNG, JPEG and WebP, the byte size capped before reading and
/// the canvas size checked from the header before any pixel is decoded.
/// </summary>
public static class UntrustedImageDecoder
{
    /// <summary>The answer to an image the decoder does not support, such as an animated WebP.</summary>
    public const string Unsupported = "Animated images are not supported; please attach a still PNG, JPEG or WebP.";

    private static readonly Configuration Formats = new(new PngConfigurationModule(), new JpegConfigurationModule(), new WebpConfigurationModule());

    public static Image<Rgb24> Decode(byte[] bytes, int maxBytes, int maxPixels)
    {
        if (bytes.Length == 0)
        {
            throw new InvalidImageException("The attached file is empty.");
        }

        if (bytes.Length > maxBytes)
        {
            throw new InvalidImageException($"The image is {Megabytes(bytes.Length)}; the limit is {Megabytes(maxBytes)}.");
        }

        using var stream = new MemoryStream(bytes, writable: false);
        var info = Identify(stream);
        if (info is null)
        {
            throw new InvalidImageException("That file is not a PNG, JPEG or WebP image.");
        }

        if ((long)info.Width * info.Height > maxPixels)
        {
            throw new InvalidImageException($"The image is {info.Width}×{info.Height}; the limit is {maxPixels / 1_000_000.0:0.#} megapixels.");
        }

        try
        {
            stream.Position = 0;
            return Image.Load<Rgb24>(Formats, stream);
        }
        catch (NotSupportedException)
        {
            throw new InvalidImageException(Unsupported);
        }
        catch (Exception e) when (e is ImageFormatException or UnknownImageFormatException or InvalidDataException or IndexOutOfRangeException or ArgumentException)
        {
            throw new InvalidImageException("The image is damaged or truncated and cannot be read.");
        }
    }

    private static IImageInfo? Identify(Stream stream)
    {
        try
        {
            return Image.Identify(Formats, stream);
        }
        catch (NotSupportedException)
        {
            // ImageSharp 2 reads no animation (an animated WebP): a still image is what img2img needs anyway.
            throw new InvalidImageException(Unsupported);
        }
        catch (Exception e) when (e is ImageFormatException or InvalidDataException or IndexOutOfRangeException or ArgumentException)
        {
            throw new InvalidImageException("The image is damaged or truncated and cannot be read.");
        }
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024.0):0.#} MB";
}
