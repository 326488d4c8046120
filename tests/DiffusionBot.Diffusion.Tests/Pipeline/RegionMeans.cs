using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>Mean colours over parts of a PNG, for asserting what a repaint changed and what it kept.</summary>
internal static class RegionMeans
{
    /// <summary>The mean colour, in [-1, 1], of the 8×8 pixel block under one latent (what the demo's VAE encoder averages).</summary>
    public static System.Numerics.Vector3 BlockColour(byte[] png, int latentX, int latentY)
    {
        using var image = Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(png);
        var sum = System.Numerics.Vector3.Zero;
        for (var y = latentY * 8; y < (latentY * 8) + 8; y++)
        {
            for (var x = latentX * 8; x < (latentX * 8) + 8; x++)
            {
                var p = image[x, y];
                sum += new System.Numerics.Vector3(p.R, p.G, p.B);
            }
        }

        return (sum / (64f * 127.5f)) - System.Numerics.Vector3.One;
    }

    /// <summary>Asserts that a vary-region on the left half painted it yellow and kept the right half, <paramref name="seam"/> px clear of the blur.</summary>
    public static void AssertLeftYellowRightKept(byte[] before, byte[] after, int size, int seam)
    {
        var left = Inside(after, new Rectangle(0, 0, (size / 2) - seam, size));
        var right = Inside(after, new Rectangle((size / 2) + seam, 0, (size / 2) - seam, size));
        var rightBefore = Inside(before, new Rectangle((size / 2) + seam, 0, (size / 2) - seam, size));
        Xunit.Assert.True(left.IsYellow, $"left {left}");
        Xunit.Assert.True(right.DistanceTo(rightBefore) < 2, $"right {right} was {rightBefore}");
    }

    public static Rgb Inside(byte[] png, Rectangle area) => Mean(png, (x, y) => area.Contains(x, y));

    public static Rgb Outside(byte[] png, Rectangle area) => Mean(png, (x, y) => !area.Contains(x, y));

    private static Rgb Mean(byte[] png, Func<int, int, bool> counted)
    {
        using var image = Image.Load<Rgb24>(png);
        double r = 0, g = 0, b = 0;
        var n = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                if (counted(x, y))
                {
                    var p = image[x, y];
                    r += p.R;
                    g += p.G;
                    b += p.B;
                    n++;
                }
            }
        }

        return new Rgb(r / n, g / n, b / n);
    }
}
