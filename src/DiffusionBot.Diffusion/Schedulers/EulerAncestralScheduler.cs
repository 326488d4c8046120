namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// diffusers' EulerAncestralDiscreteScheduler: an Euler step down to σdown, then fresh noise of
/// σup, so that σdown² + σup² = σnext².
/// </summary>
internal sealed class EulerAncestralScheduler : IScheduler
{
    private readonly SchedulerConfig _config;
    private readonly float[] _trainSigmas;
    private readonly StepCursor _cursor = new();
    private float[] _timesteps = [];
    private float[] _sigmas = [];
    private float[] _noise = [];

    public EulerAncestralScheduler(SchedulerConfig config)
    {
        _config = config;
        _trainSigmas = SchedulerMath.TrainSigmas(SchedulerMath.AlphasCumprod(config));
        Timesteps = [];
        Sigmas = [];
    }

    public int Order => 1;

    public float InitNoiseSigma { get; private set; } = 1f;

    public IReadOnlyList<float> Timesteps { get; private set; }

    /// <summary>σ per timestep, with the final 0 appended.</summary>
    internal IReadOnlyList<float> Sigmas { get; private set; }

    public void SetTimesteps(int inferenceSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceSteps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inferenceSteps, _config.NumTrainTimesteps);
        (_timesteps, _sigmas) = SchedulerMath.EulerSchedule(_config, _trainSigmas, inferenceSteps, karras: false);
        Timesteps = Array.AsReadOnly(_timesteps);
        Sigmas = Array.AsReadOnly(_sigmas);
        InitNoiseSigma = SchedulerMath.EulerInitNoiseSigma(_config, _sigmas);
        _cursor.Reset();
    }

    public void SetBeginIndex(int beginIndex) => _cursor.Begin(beginIndex, _timesteps.Length);

    public float ModelInputScale(float timestep)
    {
        var sigma = _sigmas[_cursor.Current(_timesteps, timestep)];
        return 1f / MathF.Sqrt((sigma * sigma) + 1f);
    }

    public void Step(ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, INoiseSource noise)
    {
        var index = _cursor.Current(_timesteps, timestep);
        var sigmaFrom = _sigmas[index];
        var sigmaTo = _sigmas[index + 1];
        var sigmaUp = MathF.Sqrt(sigmaTo * sigmaTo * ((sigmaFrom * sigmaFrom) - (sigmaTo * sigmaTo)) / (sigmaFrom * sigmaFrom));
        var sigmaDown = MathF.Sqrt((sigmaTo * sigmaTo) - (sigmaUp * sigmaUp));
        var dt = sigmaDown - sigmaFrom;
        var v = _config.IsVPrediction;
        var vOutput = -sigmaFrom / MathF.Sqrt((sigmaFrom * sigmaFrom) + 1f);
        var vSample = (sigmaFrom * sigmaFrom) + 1f;

        // diffusers draws noise on every step, the last (σup = 0) included, which keeps seeded streams aligned.
        SchedulerMath.EnsureLength(ref _noise, sample.Length);
        noise.FillGaussian(_noise);
        for (var i = 0; i < sample.Length; i++)
        {
            var x = sample[i];
            var x0 = v ? (modelOutput[i] * vOutput) + (x / vSample) : x - (sigmaFrom * modelOutput[i]);
            var derivative = (x - x0) / sigmaFrom;
            sample[i] = x + (derivative * dt) + (_noise[i] * sigmaUp);
        }

        _cursor.Advance();
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, float timestep)
    {
        var sigma = _sigmas[_cursor.ForNoise(_timesteps, timestep)];
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] += noise[i] * sigma;
        }
    }
}
