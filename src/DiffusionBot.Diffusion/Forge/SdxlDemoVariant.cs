namespace DiffusionBot.Diffusion.Forge;

/// <summary>Which SDXL checkpoint's folder <see cref="SdxlDemoModelForge"/> imitates.</summary>
public enum SdxlDemoVariant
{
    /// <summary>SDXL 1.0 base: Euler, leading spacing, 1024².</summary>
    Base,

    /// <summary>SDXL-Turbo: Euler a, trailing spacing, 512², 1–4 steps without guidance.</summary>
    Turbo,

    /// <summary>LCM-distilled SDXL: an LCMScheduler and a UNet with <c>timestep_cond</c>.</summary>
    Lcm,

    /// <summary>The refiner: <c>text_encoder_2</c> only, aesthetic-score <c>time_ids</c>.</summary>
    Refiner,
}
