namespace DiffusionBot.Diffusion.Forge;

/// <summary>What the VAE encoder returns.</summary>
public enum TinyVaeEncoderOutput
{
    /// <summary><c>latent_sample</c> [B,4,h,w], already sampled (diffusers script, Optimum ≤ 1.22).</summary>
    LatentSample,

    /// <summary><c>latent_parameters</c> [B,8,h,w] = mean ‖ logvar (Optimum ≥ 1.23).</summary>
    LatentParameters,
}
