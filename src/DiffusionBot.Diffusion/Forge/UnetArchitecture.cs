namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// What a diffusers UNet2DConditionModel's config decides about its graph: block widths, transformer depth per down
/// block (0: a block without attention) and in the mid block, heads per width, linear or 1×1-conv attention
/// projections, the text context width, and SDXL's added "text_time" conditioning.
/// </summary>
internal sealed record UnetArchitecture(
    int[] Blocks,
    int[] Depths,
    int MidDepth,
    Func<int, int> Heads,
    bool LinearProjection,
    int ContextWidth,
    AddedConditioning? Added)
{
    public const int LayersPerBlock = 2;

    public int TimeEmbedding => Blocks[0] * 4;

    /// <summary>SD 1.5: 320/640/1280/1280, attention in the first three blocks, 8 heads, conv projections.</summary>
    public static UnetArchitecture Sd15(Sd15Dimensions d) =>
        new(d.UnetBlocks, [1, 1, 1, 0], 1, _ => Sd15Dimensions.UnetHeads, LinearProjection: false, d.ClipHidden, Added: null);
}

/// <summary>SDXL's <c>addition_embed_type: "text_time"</c>: <c>time_ids</c> (6 numbers) through sinusoids of <see cref="TimeIdWidth"/>, beside the pooled <c>text_embeds</c>.</summary>
internal sealed record AddedConditioning(int TimeIdWidth, int PooledWidth, int TimeIds = 6)
{
    public int InputWidth => (TimeIds * TimeIdWidth) + PooledWidth;
}
