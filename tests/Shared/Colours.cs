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

    /// <summary>The mean of the region between fractions of the width and height, e.g. (0.4, 0.4, 0.6, 0.6) for the centre.</summary>
    public static (double R, double G, double B) Mean(byte[] encoded, double left, double top, double right, double bottom)
    {
        using var image = Image.Load<Rgb24>(encoded);
        var (x0, x1) = ((int)(left * image.Width), Math.Max((int)(left * image.Width) + 1, (int)(right * image.Width)));
        var (y0, y1) = ((int)(top * image.Height), Math.Max((int)(top * image.Height) + 1, (int)(bottom * image.Height)));
        double r = 0, g = 0, b = 0;
        for (var y = y0; y < y1; y++)
        {
            for (var x = x0; x < x1; x++)
            {
                var pixel = image[x, y];
                (r, g, b) = (r + pixel.R, g + pixel.G, b + pixel.B);
            }
        }

        var count = (double)(x1 - x0) * (y1 - y0);
        return (r / count, g / count, b / count);
    }

    /// <summary>Blue in the centre and not at the corner: the demo's "blue circle".</summary>
    public static bool IsBlueDisc(byte[] encoded)
    {
        var (cr, cg, cb) = Mean(encoded, 0.4, 0.4, 0.6, 0.6);
        var (kr, kg, kb) = Mean(encoded, 0, 0, 0.1, 0.1);
        return cb > 150 && cr < 90 && cg < 90 && !(kb > 150 && kr < 90 && kg < 90);
    }

    public static bool IsRed(byte[] encoded)
    {
        var (r, g, b) = Mean(encoded);
        return r > 150 && g < 90 && b < 90;
    }
}
