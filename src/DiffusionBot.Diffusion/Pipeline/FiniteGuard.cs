namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>
/// Refuses to turn NaN or ±Inf into an image: an overflowing model would otherwise post a black (or noise) picture
/// as if it had succeeded.
/// </summary>
internal static class FiniteGuard
{
    /// <summary>Throws when the denoised latents hold a NaN or infinity.</summary>
    public static void Latents(ReadOnlySpan<float> latents)
    {
        if (!AllFinite(latents))
        {
            throw new InvalidRequestException("The model's denoiser produced NaN/Inf values, so there is no image to show; try a lower guidance (CFG), another sampler, or an fp32 export of the model.");
        }
    }

    /// <summary>Throws when the decoded pixels hold a NaN or infinity; the message says why an fp16 VAE does this.</summary>
    public static void Pixels(ReadOnlySpan<float> pixels, bool halfPrecisionVae)
    {
        if (AllFinite(pixels))
        {
            return;
        }

        throw new InvalidRequestException(halfPrecisionVae
            ? "The model's fp16 VAE decoder overflowed (NaN/Inf pixels), a known weakness of Stable Diffusion's VAE in half precision, and the model has no fp32 VAE to retry with; put an fp32 decoder in vae_decoder_fp32/ or an fp16-fixed VAE (sdxl-vae-fp16-fix) in vae_decoder_fp16_fix/."
            : "The model's VAE decoder produced NaN/Inf pixels, so there is no image to show; the export may be broken.");
    }

    private static bool AllFinite(ReadOnlySpan<float> values)
    {
        foreach (var value in values)
        {
            if (!float.IsFinite(value))
            {
                return false;
            }
        }

        return true;
    }
}
