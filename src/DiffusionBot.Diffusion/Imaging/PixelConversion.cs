using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DiffusionBot.Diffusion.Imaging;

/// <summary>Between ImageSharp images and the pipeline's NCHW floats in [-1, 1].</summary>
public static class PixelConversion
{
    /// <summary>Resizes to <paramref name="width"/>×<paramref name="height"/> and returns [3, height, width] in [-1, 1].</summary>
    public static float[] ToModelInput(Image<Rgb24> image, int width, int height)
    {
        using var resized = image.Clone(x => x.Resize(width, height, KnownResamplers.Lanczos3));
        var plane = width * height;
        var result = new float[3 * plane];
        resized.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < rows.Height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < row.Length; x++)
                {
                    var i = y * width + x;
                    result[i] = row[x].R / 127.5f - 1f;
                    result[plane + i] = row[x].G / 127.5f - 1f;
                    result[2 * plane + i] = row[x].B / 127.5f - 1f;
                }
            }
        });
        return result;
    }

    /// <summary>Image <paramref name="index"/> of NCHW decoder output in [-1, 1] as an RGB image.</summary>
    public static Image<Rgb24> FromModelOutput(ReadOnlySpan<float> pixels, int index, int width, int height)
    {
        var plane = width * height;
        var image = pixels.Slice(index * 3 * plane, 3 * plane);
        var result = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var i = y * width + x;
                result[x, y] = new Rgb24(ToByte(image[i]), ToByte(image[plane + i]), ToByte(image[2 * plane + i]));
            }
        }

        return result;
    }

    /// <summary>diffusers' postprocess: clip(x / 2 + 0.5, 0, 1), then round to 8 bits.</summary>
    public static byte ToByte(float value) => (byte)MathF.Round(Math.Clamp(value / 2f + 0.5f, 0f, 1f) * 255f);
}
