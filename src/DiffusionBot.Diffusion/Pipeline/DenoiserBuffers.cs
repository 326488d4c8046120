using DiffusionBot.Diffusion.Models;

namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>The loop's working memory for one batch shape: latents, guided noise, conditional half.</summary>
internal sealed class DenoiserBuffers(float[] latents, float[] noisePrediction)
{
    public float[] Latents { get; } = latents;

    public float[] NoisePrediction { get; } = noisePrediction;

    public float[] Conditional { get; } = new float[latents.Length];

    public UnetBuffers Unet { get; set; } = null!;

    public int Count { get; set; }

    public bool UseCfg { get; set; }

    public float GuidanceScale { get; set; }
}
