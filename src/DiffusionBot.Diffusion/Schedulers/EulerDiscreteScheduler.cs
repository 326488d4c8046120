namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' EulerDiscreteScheduler (deterministic, s_churn = 0): Algorithm 2 of Karras et al. in σ-space.</summary>
internal sealed class EulerDiscreteScheduler(SchedulerConfig config) : SigmaScheduler(config)
{
    protected override bool UsesKarrasSigmas => Config.UseKarrasSigmas;

    public override void Step(ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, INoiseSource noise)
    {
        var index = IndexOf(timestep);
        var sigma = SigmaValues[index];
        var (dt, _) = MoveAt(index);
        var (a, b) = DenoisedCoefficients(sigma);
        var predicted = PredictedOriginalBuffer(sample.Length);
        for (var i = 0; i < sample.Length; i++)
        {
            var x = sample[i];
            var denoised = (modelOutput[i] * a) + (x * b);
            predicted[i] = denoised;
            sample[i] = x + ((x - denoised) / sigma * dt);
        }

        Cursor.Advance();
    }

    internal override (float Dt, float SigmaUp) MoveAt(int index) => (SigmaValues[index + 1] - SigmaValues[index], 0f);
}
