using DiffusionBot.Chat.Replies;
using DiffusionBot.Discord.Rest;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;

namespace DiffusionBot.Discord.Replies;

/// <summary>
/// Turns result PNGs into upload files under Discord's limits: each file under the per-file limit and the message under
/// 25 MiB. A PNG that does not fit is re-encoded to JPEG, at falling quality until it does (its metadata is lost).
/// </summary>
internal static class UploadEncoder
{
    private static readonly int[] JpegQualities = [92, 80, 65, 50];

    public static IReadOnlyList<DiscordFile> Prepare(IReadOnlyList<ResultImage> images, int maxFileBytes)
    {
        ArgumentNullException.ThrowIfNull(images);
        var perFile = Math.Min(maxFileBytes, DiscordOptions.MaxRequestBytes / Math.Max(1, images.Count));
        var total = images.Sum(i => (long)i.Png.Length);
        var files = new List<DiscordFile>(images.Count);
        for (var i = 0; i < images.Count; i++)
        {
            var png = images[i].Png;
            var name = $"result-{i + 1}";
            files.Add(png.Length <= maxFileBytes && total <= DiscordOptions.MaxRequestBytes
                ? new DiscordFile(name + ".png", png)
                : new DiscordFile(name + ".jpg", ToJpeg(png, perFile), "image/jpeg"));
        }

        return files;
    }

    /// <summary>The image as a JPEG of at most <paramref name="maxBytes"/>, or the smallest one tried.</summary>
    internal static byte[] ToJpeg(ReadOnlyMemory<byte> png, int maxBytes)
    {
        using var image = Image.Load(png.Span);
        byte[] encoded = [];
        foreach (var quality in JpegQualities)
        {
            using var stream = new MemoryStream();
            image.SaveAsJpeg(stream, new JpegEncoder { Quality = quality });
            encoded = stream.ToArray();
            if (encoded.Length <= maxBytes)
            {
                break;
            }
        }

        return encoded;
    }
}
