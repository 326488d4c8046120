namespace DiffusionBot.Diffusion.Forge;

/// <summary>SD's training noise schedule: scaled_linear betas 0.00085 → 0.012 over 1000 steps.</summary>
internal static class StableDiffusionSchedule
{
    public const int TrainSteps = 1000;

    /// <summary>alphas_cumprod as torch computes it: float32 betas, products rounded to float32 per element.</summary>
    public static float[] AlphasCumprod()
    {
        var start = MathF.Sqrt(0.00085f);
        var end = MathF.Sqrt(0.012f);
        var result = new float[TrainSteps];
        var product = 1.0;
        for (var i = 0; i < TrainSteps; i++)
        {
            var root = start + ((end - start) * i / (TrainSteps - 1));
            var beta = root * root;
            product *= 1.0 - beta;
            result[i] = (float)product;
        }

        return result;
    }
}
