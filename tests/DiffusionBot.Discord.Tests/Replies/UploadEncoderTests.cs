using DiffusionBot.Chat.Replies;
using DiffusionBot.Discord.Replies;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Discord.Tests.Replies;

public sealed class UploadEncoderTests
{
    [Fact]
    public void Prepare_KeepsThePng_WhenItFitsTheLimit()
    {
        var png = Noise(64, seed: 1);

        var file = Assert.Single(UploadEncoder.Prepare([new ResultImage(png, 1)], maxFileBytes: png.Length));

        Assert.Equal(("result-1.png", "image/png"), (file.FileName, file.ContentType));
        Assert.Equal(png, file.Content.ToArray());
    }

    [Fact]
    public void Prepare_SendsAJpegUnderTheLimit_WhenThePngIsTooBig()
    {
        var big = Noise(512, seed: 2);
        var small = Noise(32, seed: 3);
        var limit = big.Length / 2;

        var files = UploadEncoder.Prepare([new ResultImage(big, 2), new ResultImage(small, 3)], limit);

        Assert.Equal(["result-1.jpg", "result-2.png"], files.Select(f => f.FileName));
        Assert.Equal("image/jpeg", files[0].ContentType);
        Assert.InRange(files[0].Content.Length, 1, limit);
        using var decoded = Image.Load<Rgb24>(files[0].Content.Span);
        Assert.Equal((512, 512), (decoded.Width, decoded.Height));
    }

    /// <summary>A PNG of random pixels, which PNG cannot compress, so its size is about 3 bytes a pixel.</summary>
    internal static byte[] Noise(int size, int seed)
    {
        var random = new Random(seed);
        using var image = new Image<Rgb24>(size, size);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (ref var pixel in rows.GetRowSpan(y))
                {
                    pixel = new Rgb24((byte)random.Next(256), (byte)random.Next(256), (byte)random.Next(256));
                }
            }
        });
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }
}
