using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.TestSupport;

/// <summary>What colour an image is, on average.</summary>
internal static class Colours
{
    public static (double R, double G, double B) Mean(byte[] encoded)
    {
        using var image = Image.Load<Rgb24>(encoded);
        double r = 0, g = 0, b = 0;
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                foreach (var pixel in rows.GetRowSpan(y))
                {
                    r += pixel.R;
                    g += pixel.G;
                    b += pixel.B;
                }
            }
        });
        var count = (double)image.Width * image.Height;
        return (r / count, g / count, b / count);
    }

    public static bool IsRed(byte[] encoded)
    {
        var (r, g, b) = Mean(encoded);
        return r > 150 && g < 90 && b < 90;
    }
}
