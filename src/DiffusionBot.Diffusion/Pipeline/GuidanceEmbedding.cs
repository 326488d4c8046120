namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// LCM's <c>timestep_cond</c>: the guidance weight w = scale − 1, times 1000, as a sinusoidal
/// embedding (sines then cosines), as diffusers' <c>get_guidance_scale_embedding</c>.
/// </summary>
internal static class GuidanceEmbedding
{
    public static void Write(float guidanceScale, Span<float> destination)
    {
        var w = (guidanceScale - 1f) * 1000f;
        var half = destination.Length / 2;
        var exponent = Math.Log(10000.0) / (half - 1);
        destination.Clear();
        for (var i = 0; i < half; i++)
        {
            var angle = w * (float)Math.Exp(-exponent * i);
            destination[i] = MathF.Sin(angle);
            destination[half + i] = MathF.Cos(angle);
        }
    }
}
