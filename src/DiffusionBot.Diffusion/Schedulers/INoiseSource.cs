namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// Fills a batch of latents with standard normal noise. The pipeline's implementation gives every
/// image of a batch its own seeded stream, so one image's noise never depends on its neighbours.
/// </summary>
public interface INoiseSource
{
    void FillGaussian(Span<float> destination);
}
