namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>diffusers' DDIMScheduler with η = 0 (deterministic).</summary>
internal sealed class DdimScheduler : IScheduler
{
    private readonly SchedulerConfig _config;
    private readonly float[] _alphasCumprod;
    private readonly float _finalAlphaCumprod;
    private readonly bool _clipSample;
    private float[] _timesteps = [];
    private float[] _predictedOriginal = [];
    private int _inferenceSteps;

    public DdimScheduler(SchedulerConfig config)
    {
        _config = config;
        _alphasCumprod = SchedulerMath.AlphasCumprod(config);
        _finalAlphaCumprod = config.SetAlphaToOne ?? true ? 1f : _alphasCumprod[0];
        _clipSample = config.ClipSample ?? true;
        Timesteps = [];
    }

    public int Order => 1;

    public float InitNoiseSigma => 1f;

    public IReadOnlyList<float> Timesteps { get; private set; }

    public void SetTimesteps(int inferenceSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceSteps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inferenceSteps, _config.NumTrainTimesteps);
        _inferenceSteps = inferenceSteps;
        _timesteps = SchedulerMath.SpacedTimesteps(
            _config.TimestepSpacing ?? "leading", inferenceSteps, _config.NumTrainTimesteps, _config.StepsOffset, roundLinspace: true);
        Timesteps = Array.AsReadOnly(_timesteps);
    }

    // DDIM derives the previous timestep from the current one, so a begin index needs no state.
    public void SetBeginIndex(int beginIndex) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)beginIndex, (uint)_timesteps.Length, nameof(beginIndex));

    public float ModelInputScale(float timestep) => 1f;

    public ReadOnlySpan<float> PredictedOriginalSample => _predictedOriginal;

    public void Step(ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, INoiseSource noise)
    {
        var (sqrtAlpha, sqrtBeta, sqrtAlphaPrev, direction) = CoefficientsAt(timestep);
        var v = _config.IsVPrediction;
        var range = _config.ClipSampleRange;
        SchedulerMath.EnsureLength(ref _predictedOriginal, sample.Length);
        var predicted = _predictedOriginal;
        for (var i = 0; i < sample.Length; i++)
        {
            var x = sample[i];
            var m = modelOutput[i];
            float x0, eps;
            if (v)
            {
                x0 = (sqrtAlpha * x) - (sqrtBeta * m);
                eps = (sqrtAlpha * m) + (sqrtBeta * x);
            }
            else
            {
                x0 = (x - (sqrtBeta * m)) / sqrtAlpha;
                eps = m;
            }

            // diffusers keeps the unclipped ε for the direction term (use_clipped_model_output=False).
            if (_clipSample)
            {
                x0 = Math.Clamp(x0, -range, range);
            }

            predicted[i] = x0;
            sample[i] = (sqrtAlphaPrev * x0) + (direction * eps);
        }
    }

    internal bool IsVPrediction => _config.IsVPrediction;

    /// <summary>x̂₀'s clamp; +∞ when <c>clip_sample</c> is off, which clamps nothing (the device graph always clamps).</summary>
    internal float ClipRange => _clipSample ? _config.ClipSampleRange : float.PositiveInfinity;

    /// <summary>√ᾱt, √(1−ᾱt), √ᾱprev and √(1−ᾱprev) at <paramref name="timestep"/>: everything a step needs besides x and the model output.</summary>
    internal (float SqrtAlpha, float SqrtBeta, float SqrtAlphaPrev, float Direction) CoefficientsAt(float timestep)
    {
        var t = SchedulerMath.TrainIndex(timestep);
        var prevT = t - (_config.NumTrainTimesteps / _inferenceSteps);
        var alphaProd = _alphasCumprod[t];
        var alphaProdPrev = prevT >= 0 ? _alphasCumprod[prevT] : _finalAlphaCumprod;
        var betaProd = 1f - alphaProd;
        return (MathF.Sqrt(alphaProd), MathF.Sqrt(betaProd), MathF.Sqrt(alphaProdPrev), MathF.Sqrt(1f - alphaProdPrev));
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, float timestep) =>
        SchedulerMath.AddDdpmNoise(_alphasCumprod, sample, noise, timestep);
}
