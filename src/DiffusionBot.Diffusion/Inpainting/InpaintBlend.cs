using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Inpainting;

/// <summary>
/// Inpainting with a regular UNet (diffusers' StableDiffusionInpaintPipeline with a 4-channel UNet, A1111's
/// "inpaint with a normal model"): after every step the kept region's latents become the init latents noised to the
/// next step's level (clean after the last), mixed by the feathered latent mask.
/// </summary>
internal sealed class InpaintBlend(float[] clean, float[] noise, float[] latentMask)
{
    private readonly float[] _known = new float[clean.Length];

    public void AfterStep(IScheduler scheduler, int index, Span<float> latents)
    {
        clean.CopyTo(_known, 0);
        var timesteps = scheduler.Timesteps;
        if (index + 1 < timesteps.Count)
        {
            scheduler.AddNoise(_known, noise, timesteps[index + 1]);
        }

        var plane = latentMask.Length;
        for (var i = 0; i < latents.Length; i++)
        {
            var m = latentMask[i % plane];
            latents[i] = ((1f - m) * _known[i]) + (m * latents[i]);
        }
    }
}
