namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// The sizes a family was trained at, which <c>--ar</c> picks from by nearest aspect ratio: SDXL's aspect-ratio
/// buckets at about one megapixel (SDXL report, appendix I; the list A1111 and ComfyUI offer), and SDXL-Turbo's
/// at half the side (it was distilled at 512×512).
/// </summary>
public static class TrainedResolutions
{
    public static IReadOnlyList<(int Width, int Height)> Sdxl { get; } =
    [
        (1024, 1024), (1152, 896), (896, 1152), (1216, 832), (832, 1216), (1344, 768), (768, 1344), (1536, 640), (640, 1536),
    ];

    public static IReadOnlyList<(int Width, int Height)> SdxlTurbo { get; } = [.. Sdxl.Select(s => (s.Width / 2, s.Height / 2))];

    /// <summary>The size whose aspect ratio is nearest <paramref name="ratio"/> (width / height), measured on a log scale so 2:1 and 1:2 are equally far from 1:1.</summary>
    public static (int Width, int Height) Nearest(IReadOnlyList<(int Width, int Height)> sizes, double ratio)
    {
        ArgumentNullException.ThrowIfNull(sizes);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sizes.Count);
        if (!double.IsFinite(ratio) || ratio <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(ratio), ratio, "An aspect ratio is a positive number.");
        }

        var best = sizes[0];
        var bestDistance = double.MaxValue;
        foreach (var size in sizes)
        {
            var distance = Math.Abs(Math.Log((double)size.Width / size.Height / ratio));
            if (distance < bestDistance - 1e-12)
            {
                (best, bestDistance) = (size, distance);
            }
        }

        return best;
    }
}
