using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>Deterministic Box-Muller noise that allocates nothing per call.</summary>
internal sealed class SeededNoise(int seed) : INoiseSource
{
    private readonly Random _random = new(seed);

    public void FillGaussian(Span<float> destination)
    {
        for (var i = 0; i < destination.Length; i++)
        {
            var u1 = 1.0 - _random.NextDouble();
            var u2 = _random.NextDouble();
            destination[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
    }
}
