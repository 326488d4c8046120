namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// diffusers' EulerAncestralDiscreteScheduler: an Euler step down to σdown, then fresh noise of
/// σup, so that σdown² + σup² = σnext².
/// </summary>
internal sealed class EulerAncestralScheduler(SchedulerConfig config) : SigmaScheduler(config)
{
    private float[] _noise = [];

    protected override bool UsesKarrasSigmas => false;

    public override void Step(ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, INoiseSource noise)
    {
        var index = IndexOf(timestep);
        var sigmaFrom = SigmaValues[index];
        var (dt, sigmaUp) = MoveAt(index);

        // diffusers draws noise on every step, the last (σup = 0) included, which keeps seeded streams aligned.
        SchedulerMath.EnsureLength(ref _noise, sample.Length);
        noise.FillGaussian(_noise);
        var (a, b) = DenoisedCoefficients(sigmaFrom);
        var predicted = PredictedOriginalBuffer(sample.Length);
        for (var i = 0; i < sample.Length; i++)
        {
            var x = sample[i];
            var denoised = (modelOutput[i] * a) + (x * b);
            predicted[i] = denoised;
            sample[i] = x + ((x - denoised) / sigmaFrom * dt) + (_noise[i] * sigmaUp);
        }

        Cursor.Advance();
    }

    internal override (float Dt, float SigmaUp) MoveAt(int index)
    {
        var sigmaFrom = SigmaValues[index];
        var sigmaTo = SigmaValues[index + 1];
        var sigmaUp = MathF.Sqrt(sigmaTo * sigmaTo * ((sigmaFrom * sigmaFrom) - (sigmaTo * sigmaTo)) / (sigmaFrom * sigmaFrom));
        var sigmaDown = MathF.Sqrt((sigmaTo * sigmaTo) - (sigmaUp * sigmaUp));
        return (sigmaDown - sigmaFrom, sigmaUp);
    }
}
