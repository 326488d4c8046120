namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// diffusers' LCMScheduler: each step predicts the denoised sample through the consistency
/// boundary condition, then re-noises it to the next timestep (except after the last).
/// </summary>
internal sealed class LcmScheduler : IScheduler, IStrengthAwareScheduler
{
    private const float SigmaData = 0.5f;
    private readonly SchedulerConfig _config;
    private readonly float[] _alphasCumprod;
    private readonly float _finalAlphaCumprod;
    private readonly bool _clipSample;
    private readonly StepCursor _cursor = new();
    private float[] _timesteps = [];
    private float[] _noise = [];
    private float[] _denoised = [];

    public LcmScheduler(SchedulerConfig config)
    {
        _config = config;
        _alphasCumprod = SchedulerMath.AlphasCumprod(config);
        _finalAlphaCumprod = config.SetAlphaToOne ?? true ? 1f : _alphasCumprod[0];
        _clipSample = config.ClipSample ?? false;
        Timesteps = [];
    }

    public int Order => 1;

    public float InitNoiseSigma => 1f;

    public IReadOnlyList<float> Timesteps { get; private set; }

    /// <summary>
    /// Picks <paramref name="inferenceSteps"/> evenly from the distillation schedule
    /// (every T/original_inference_steps-th timestep, ending at T−1).
    /// </summary>
    public void SetTimesteps(int inferenceSteps) => SetTimesteps(inferenceSteps, 1.0);

    /// <summary>diffusers' <c>int(original_inference_steps · strength)</c>, in double precision.</summary>
    public int AvailableSteps(double strength) => (int)(_config.OriginalInferenceSteps * strength);

    /// <summary>
    /// diffusers' <c>set_timesteps(n, strength=s)</c>: the distillation schedule keeps its first
    /// L = ⌊original_inference_steps·s⌋ entries (k−1, 2k−1, …, Lk−1), and n of them are picked evenly from the top.
    /// </summary>
    public void SetTimesteps(int inferenceSteps, double strength)
    {
        var originalSteps = _config.OriginalInferenceSteps;
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceSteps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inferenceSteps, originalSteps);
        var available = AvailableSteps(strength);
        ArgumentOutOfRangeException.ThrowIfLessThan(available, inferenceSteps, nameof(strength));
        var k = _config.NumTrainTimesteps / originalSteps;
        _timesteps = new float[inferenceSteps];
        var stride = (double)available / inferenceSteps;
        for (var i = 0; i < inferenceSteps; i++)
        {
            // floor(linspace(0, L, n, endpoint=False)) into the reversed origin schedule.
            var originIndex = (int)Math.Floor(i * stride);
            _timesteps[i] = ((available - originIndex) * k) - 1;
        }

        Timesteps = Array.AsReadOnly(_timesteps);
        _cursor.Reset();
    }

    public void SetBeginIndex(int beginIndex) => _cursor.Begin(beginIndex, _timesteps.Length);

    public float ModelInputScale(float timestep) => 1f;

    /// <summary>LCM's <c>denoised</c>: the boundary-conditioned x̂₀ that its next step re-noises (and its last step returns).</summary>
    public ReadOnlySpan<float> PredictedOriginalSample => _denoised;

    public void Step(ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, INoiseSource noise)
    {
        var index = _cursor.Current(_timesteps, timestep);
        var step = StepAt(index);
        var v = _config.IsVPrediction;
        var range = _config.ClipSampleRange;
        SchedulerMath.EnsureLength(ref _denoised, sample.Length);
        var denoised = _denoised;
        for (var i = 0; i < sample.Length; i++)
        {
            var x = sample[i];
            var m = modelOutput[i];
            var x0 = v ? (step.SqrtAlpha * x) - (step.SqrtBeta * m) : (x - (step.SqrtBeta * m)) / step.SqrtAlpha;
            if (_clipSample)
            {
                x0 = Math.Clamp(x0, -range, range);
            }

            denoised[i] = (step.COut * x0) + (step.CSkip * x);
            sample[i] = denoised[i];
        }

        if (!step.IsLast)
        {
            SchedulerMath.EnsureLength(ref _noise, sample.Length);
            noise.FillGaussian(_noise);
            for (var i = 0; i < sample.Length; i++)
            {
                sample[i] = (step.SqrtAlphaPrev * sample[i]) + (step.SqrtBetaPrev * _noise[i]);
            }
        }

        _cursor.Advance();
    }

    internal bool IsVPrediction => _config.IsVPrediction;

    /// <summary>x̂₀'s clamp; +∞ when <c>clip_sample</c> is off, which clamps nothing (the device graph always clamps).</summary>
    internal float ClipRange => _clipSample ? _config.ClipSampleRange : float.PositiveInfinity;

    /// <summary>Step <paramref name="index"/>'s scalars: x̂₀'s, the boundary condition's, and the re-noising to the next timestep.</summary>
    internal LcmStep StepAt(int index)
    {
        var timestep = _timesteps[index];
        var t = SchedulerMath.TrainIndex(timestep);
        var isLast = index == _timesteps.Length - 1;
        var prevT = isLast ? t : SchedulerMath.TrainIndex(_timesteps[index + 1]);
        var alphaProd = _alphasCumprod[t];
        var alphaProdPrev = prevT >= 0 ? _alphasCumprod[prevT] : _finalAlphaCumprod;
        var scaled = timestep * _config.TimestepScaling;
        var cSkip = SigmaData * SigmaData / ((scaled * scaled) + (SigmaData * SigmaData));
        var cOut = scaled / MathF.Sqrt((scaled * scaled) + (SigmaData * SigmaData));
        return new LcmStep(isLast, MathF.Sqrt(alphaProd), MathF.Sqrt(1f - alphaProd), cSkip, cOut, MathF.Sqrt(alphaProdPrev), MathF.Sqrt(1f - alphaProdPrev));
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, float timestep) =>
        SchedulerMath.AddDdpmNoise(_alphasCumprod, sample, noise, timestep);
}
