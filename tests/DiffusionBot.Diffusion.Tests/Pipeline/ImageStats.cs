using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>Colour statistics of a PNG, for asserting what an image shows.</summary>
internal sealed record ImageStats(Rgb Mean, Rgb Centre, Rgb Corner, int Width, int Height)
{
    public static ImageStats Of(byte[] png)
    {
        using var image = Image.Load<Rgb24>(png);
        double r = 0, g = 0, b = 0;
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                var p = image[x, y];
                r += p.R;
                g += p.G;
                b += p.B;
            }
        }

        var n = image.Width * image.Height;
        return new ImageStats(new Rgb(r / n, g / n, b / n), Average(image, image.Width / 2, image.Height / 2), Average(image, 2, 2), image.Width, image.Height);
    }

    private static Rgb Average(Image<Rgb24> image, int cx, int cy)
    {
        double r = 0, g = 0, b = 0;
        var n = 0;
        for (var y = Math.Max(0, cy - 2); y <= Math.Min(image.Height - 1, cy + 2); y++)
        {
            for (var x = Math.Max(0, cx - 2); x <= Math.Min(image.Width - 1, cx + 2); x++)
            {
                var p = image[x, y];
                r += p.R;
                g += p.G;
                b += p.B;
                n++;
            }
        }

        return new Rgb(r / n, g / n, b / n);
    }
}

internal readonly record struct Rgb(double R, double G, double B)
{
    public bool IsRed => R > 150 && G < 90 && B < 90;

    public bool IsGreen => G > 150 && R < 90 && B < 90;

    public bool IsBlue => B > 150 && R < 90 && G < 90;

    public bool IsYellow => R > 150 && G > 150 && B < 90;

    public bool IsWhite => R > 200 && G > 200 && B > 200;

    public bool IsBlack => R < 50 && G < 50 && B < 50;

    public double DistanceTo(Rgb other) => Math.Sqrt((R - other.R) * (R - other.R) + (G - other.G) * (G - other.G) + (B - other.B) * (B - other.B));

    public override string ToString() => $"({R:0},{G:0},{B:0})";
}
