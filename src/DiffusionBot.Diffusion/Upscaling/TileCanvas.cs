using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Diffusion.Upscaling;

/// <summary>
/// Collects upscaled tiles into one image. Where two tiles overlap, each tile's outer <c>margin</c> pixels (the ones its
/// model saw past the tile's edge) get no weight and the rest of the overlap is blended with linear ramps, so a model
/// whose output pixel depends only on nearby input pixels gives the same image tiled or whole.
/// </summary>
internal sealed class TileCanvas(int width, int height, int overlap, int margin)
{
    private readonly float[] _sums = new float[3 * width * height];
    private readonly float[] _weights = new float[width * height];

    /// <summary>Tile origins along one axis: a step of tile − overlap, the last tile flush with the edge.</summary>
    public static IReadOnlyList<int> Starts(int length, int tile, int overlap)
    {
        var starts = new List<int> { 0 };
        while (starts[^1] + tile < length)
        {
            starts.Add(Math.Min(starts[^1] + tile - overlap, length - tile));
        }

        return starts;
    }

    /// <summary>Adds the [1, 3, h, w] <paramref name="tile"/> (values in [0, 1]) at (<paramref name="left"/>, <paramref name="top"/>), of which <paramref name="usedWidth"/> × <paramref name="usedHeight"/> lie inside the image.</summary>
    public void Add(Tensor<float> tile, int left, int top, int usedWidth, int usedHeight)
    {
        for (var y = 0; y < usedHeight; y++)
        {
            var wy = Ramp(y, usedHeight, top > 0, top + usedHeight < height);
            for (var x = 0; x < usedWidth; x++)
            {
                var w = wy * Ramp(x, usedWidth, left > 0, left + usedWidth < width);
                if (w <= 0f)
                {
                    continue;
                }

                var i = ((top + y) * width) + left + x;
                _sums[3 * i] += w * tile[0, 0, y, x];
                _sums[(3 * i) + 1] += w * tile[0, 1, y, x];
                _sums[(3 * i) + 2] += w * tile[0, 2, y, x];
                _weights[i] += w;
            }
        }
    }

    public Image<Rgb24> ToImage()
    {
        var image = new Image<Rgb24>(width, height);
        image.ProcessPixelRows(rows =>
        {
            for (var y = 0; y < height; y++)
            {
                var row = rows.GetRowSpan(y);
                for (var x = 0; x < width; x++)
                {
                    var i = (y * width) + x;
                    var w = _weights[i];
                    row[x] = new Rgb24(ToByte(_sums[3 * i] / w), ToByte(_sums[(3 * i) + 1] / w), ToByte(_sums[(3 * i) + 2] / w));
                }
            }
        });
        return image;
    }

    /// <summary>Zero over the margin of a side shared with another tile, then rising across the rest of the overlap; flat at the image's own edges.</summary>
    private float Ramp(int position, int length, bool sharedStart, bool sharedEnd)
    {
        var w = 1f;
        var span = Math.Max(1, overlap - (2 * margin));
        if (sharedStart)
        {
            w = Math.Min(w, Math.Clamp((position - margin + 1f) / (span + 1f), 0f, 1f));
        }

        if (sharedEnd)
        {
            w = Math.Min(w, Math.Clamp((length - margin - position) / (span + 1f), 0f, 1f));
        }

        return w;
    }

    private static byte ToByte(float unit) => (byte)Math.Clamp(MathF.Round(unit * 255f), 0f, 255f);
}
