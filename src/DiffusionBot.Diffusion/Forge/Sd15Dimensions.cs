namespace DiffusionBot.Diffusion.Forge;

/// <summary>SD 1.5's layer widths divided by <see cref="WidthDivisor"/>; depth, heads and layer counts stay as they are.</summary>
internal sealed record Sd15Dimensions(int WidthDivisor)
{
    public const int LatentChannels = 4;
    public const int UnetHeads = 8;
    public const int ClipHeads = 12;
    public const int ClipLayers = 12;
    public const int ClipPositions = 77;
    public const int VaeLayersPerBlock = 2;

    public int[] UnetBlocks { get; } = [320 / WidthDivisor, 640 / WidthDivisor, 1280 / WidthDivisor, 1280 / WidthDivisor];

    public int TimeEmbedding => UnetBlocks[0] * 4;

    public int ClipHidden => 768 / WidthDivisor;

    public int ClipIntermediate => 3072 / WidthDivisor;

    public int[] VaeBlocks { get; } = [128 / WidthDivisor, 256 / WidthDivisor, 512 / WidthDivisor, 512 / WidthDivisor];

    /// <summary>Throws unless every width divides into whole channels and whole attention heads.</summary>
    public static Sd15Dimensions For(int widthDivisor)
    {
        if (widthDivisor < 1 || 320 % (widthDivisor * UnetHeads) != 0 || 768 % (widthDivisor * ClipHeads) != 0 || 128 % widthDivisor != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(widthDivisor), widthDivisor,
                "The width divisor must leave whole attention heads: 1, 2, 4, 8, 10, 20 or 40 (it must divide 40 and 64 and 128).");
        }

        return new Sd15Dimensions(widthDivisor);
    }
}
