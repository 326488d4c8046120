using DiffusionBot.Diffusion.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Diffusion.Tests.Imaging;

public sealed class ResultThumbnailTests
{
    [Fact]
    public void RenderPng_LaysFourImagesOutAsATwoByTwoGrid_WithinTheMaxSide()
    {
        Rgb24[] colours = [new(220, 20, 20), new(20, 200, 20), new(20, 20, 220), new(240, 240, 240)];

        var png = ResultThumbnail.RenderPng([.. colours.Select(c => (ReadOnlyMemory<byte>)Png(512, 512, c))]);

        using var grid = Image.Load<Rgb24>(png);
        Assert.Equal((256, 256), (grid.Width, grid.Height));
        Assert.Equal(colours, [grid[64, 64], grid[192, 64], grid[64, 192], grid[192, 192]], new NearColour());
    }

    [Fact]
    public void RenderPng_KeepsTheAspectRatio_OfASingleImage()
    {
        var png = ResultThumbnail.RenderPng([Png(512, 768, new Rgb24(220, 20, 20))]);

        var info = Image.Identify(png);
        Assert.Equal((170, 256), (info.Width, info.Height));
    }

    [Fact]
    public void RenderPng_Throws_WhenAnImageCannotBeRead() =>
        Assert.ThrowsAny<ImageFormatException>(() => ResultThumbnail.RenderPng([new byte[] { 1, 2, 3 }]));

    private static byte[] Png(int width, int height, Rgb24 colour)
    {
        using var image = new Image<Rgb24>(width, height, colour);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    private sealed class NearColour : IEqualityComparer<Rgb24>
    {
        public bool Equals(Rgb24 x, Rgb24 y) => Math.Abs(x.R - y.R) <= 2 && Math.Abs(x.G - y.G) <= 2 && Math.Abs(x.B - y.B) <= 2;

        public int GetHashCode(Rgb24 obj) => 0;
    }
}
