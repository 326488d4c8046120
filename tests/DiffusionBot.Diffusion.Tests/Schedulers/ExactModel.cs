using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>
/// The exact denoiser for data that is a single point x0: given the scaled input
/// x = √ᾱ·x0 + √(1−ᾱ)·ε it returns ε (or v = √ᾱ·ε − √(1−ᾱ)·x0). ᾱ at a fractional timestep is
/// 1/(1+σ²) with σ interpolated, which is how the Euler family scales its input.
/// </summary>
internal sealed class ExactModel(float[] x0, bool vPrediction)
{
    private readonly float[] _trainSigmas =
        SchedulerMath.TrainSigmas(SchedulerMath.AlphasCumprod(TestConfigs.StableDiffusion15));

    public void Predict(ReadOnlySpan<float> sample, float inputScale, float timestep, Span<float> output)
    {
        var sigma = SchedulerMath.Interpolate(timestep, _trainSigmas);
        var alphaProd = 1.0 / (1.0 + (sigma * sigma));
        var sqrtAlpha = Math.Sqrt(alphaProd);
        var sqrtBeta = Math.Sqrt(1.0 - alphaProd);
        for (var i = 0; i < sample.Length; i++)
        {
            var eps = ((inputScale * sample[i]) - (sqrtAlpha * x0[i])) / sqrtBeta;
            output[i] = (float)(vPrediction ? (sqrtAlpha * eps) - (sqrtBeta * x0[i]) : eps);
        }
    }
}
