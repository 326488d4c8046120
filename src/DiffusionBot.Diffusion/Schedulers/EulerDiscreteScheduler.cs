namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' EulerDiscreteScheduler (deterministic, s_churn = 0): Algorithm 2 of Karras et al. in σ-space.</summary>
internal sealed class EulerDiscreteScheduler : IScheduler
{
    private readonly SchedulerConfig _config;
    private readonly float[] _alphasCumprod;
    private readonly float[] _trainSigmas;
    private float[] _timesteps = [];
    private float[] _sigmas = [];
    private readonly StepCursor _cursor = new();

    public EulerDiscreteScheduler(SchedulerConfig config)
    {
        _config = config;
        _alphasCumprod = SchedulerMath.AlphasCumprod(config);
        _trainSigmas = SchedulerMath.TrainSigmas(_alphasCumprod);
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
        (_timesteps, _sigmas) = SchedulerMath.EulerSchedule(_config, _trainSigmas, inferenceSteps, _config.UseKarrasSigmas);
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
        var sigma = _sigmas[index];
        var dt = _sigmas[index + 1] - sigma;
        var v = _config.IsVPrediction;
        var vOutput = -sigma / MathF.Sqrt((sigma * sigma) + 1f);
        var vSample = (sigma * sigma) + 1f;
        for (var i = 0; i < sample.Length; i++)
        {
            var x = sample[i];
            var x0 = v ? (modelOutput[i] * vOutput) + (x / vSample) : x - (sigma * modelOutput[i]);
            var derivative = (x - x0) / sigma;
            sample[i] = x + (derivative * dt);
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
