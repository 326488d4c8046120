namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// SDXL's micro-conditioning, as diffusers' <c>_get_add_time_ids</c> builds it: (original height, width, crop top,
/// crop left, target height, width) for the base; (height, width, crop top, crop left, aesthetic score) for a model
/// whose config says <c>requires_aesthetics_score</c> (the refiner), with 6.0 for the prompt and 2.5 for the negative.
/// The original size is the target size and the crop is (0, 0), diffusers' defaults.
/// </summary>
public sealed record SdxlTimeIds(bool AestheticScore)
{
    /// <summary>diffusers' default <c>aesthetic_score</c>.</summary>
    public const float DefaultAestheticScore = 6.0f;

    /// <summary>diffusers' default <c>negative_aesthetic_score</c>.</summary>
    public const float DefaultNegativeAestheticScore = 2.5f;

    /// <summary>Numbers per row: 5 with an aesthetic score, 6 with a target size.</summary>
    public int Length => AestheticScore ? 5 : 6;

    public float[] For(int width, int height, bool negative) => AestheticScore
        ? [height, width, 0f, 0f, negative ? DefaultNegativeAestheticScore : DefaultAestheticScore]
        : [height, width, 0f, 0f, height, width];
}
