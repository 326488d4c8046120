namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// A second stage for a request (SDXL's refiner): the base denoises the noisiest <paramref name="HighNoiseFraction"/>
/// of the schedule, then <paramref name="Refiner"/> finishes the same latents with its own prompt embedding and VAE.
/// </summary>
/// <param name="Refiner">The refiner model's pipeline; it must share the base's latent space.</param>
/// <param name="HighNoiseFraction">diffusers' <c>high_noise_frac</c>: the base's <c>denoising_end</c>, the refiner's <c>denoising_start</c>.</param>
public sealed record Refinement(DiffusionPipeline Refiner, float HighNoiseFraction = Refinement.DefaultHighNoiseFraction)
{
    /// <summary>The fraction diffusers' SDXL documentation uses.</summary>
    public const float DefaultHighNoiseFraction = 0.8f;
}
