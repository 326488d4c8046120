namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>One conditioning value per row of the UNet's batch: the negative rows first under CFG, then the prompt's.</summary>
internal static class ConditioningRows
{
    public static float[] Stack(float[] positive, float[]? negative, int count, bool useCfg)
    {
        var rows = useCfg ? 2 * count : count;
        var stacked = new float[rows * positive.Length];
        for (var r = 0; r < rows; r++)
        {
            var source = useCfg && r < count ? negative! : positive;
            source.CopyTo(stacked, r * positive.Length);
        }

        return stacked;
    }
}
