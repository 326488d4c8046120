namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// diffusers' PNDMScheduler on its <c>skip_prk_steps</c> path: linear multistep (PLMS) with the
/// second timestep repeated, whose evaluation corrects the first step. The Runge-Kutta warm-up of
/// <c>skip_prk_steps=false</c> is not implemented: a model whose own PNDMScheduler config asks for it is refused
/// at load (<see cref="SchedulerConfigReader"/>).
/// </summary>
internal sealed class PndmScheduler : IScheduler
{
    private readonly SchedulerConfig _config;
    private readonly float[] _alphasCumprod;
    private readonly float _finalAlphaCumprod;
    private readonly float[][] _ets = [[], [], [], []];
    private float[] _timesteps = [];
    private float[] _currentSample = [];
    private float[] _combined = [];
    private float[] _predictedOriginal = [];
    private int _etsCount;
    private int _counter;
    private int _inferenceSteps;

    public PndmScheduler(SchedulerConfig config)
    {
        _config = config;
        _alphasCumprod = SchedulerMath.AlphasCumprod(config);
        _finalAlphaCumprod = config.SetAlphaToOne ?? false ? 1f : _alphasCumprod[0];
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
        var spaced = SchedulerMath.SpacedTimesteps(
            _config.TimestepSpacing ?? "leading", inferenceSteps, _config.NumTrainTimesteps, _config.StepsOffset, roundLinspace: true);

        // Descending [t0, t1, …] becomes [t0, t1, t1, t2, …]: the repeat re-evaluates t1. With one step there is
        // no t1 to repeat, and diffusers' concatenation leaves [t0] alone.
        if (inferenceSteps == 1)
        {
            _timesteps = [spaced[0]];
        }
        else
        {
            _timesteps = new float[inferenceSteps + 1];
            _timesteps[0] = spaced[0];
            spaced.AsSpan(1).CopyTo(_timesteps.AsSpan(2));
            _timesteps[1] = spaced[1];
        }

        Timesteps = Array.AsReadOnly(_timesteps);
        _etsCount = 0;
        _counter = 0;
    }

    // PNDM tracks its position by the counter alone, as diffusers does; nothing to record.
    public void SetBeginIndex(int beginIndex) =>
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)beginIndex, (uint)_timesteps.Length, nameof(beginIndex));

    public float ModelInputScale(float timestep) => 1f;

    /// <summary>
    /// x̂₀ from this step's own model output and sample, as DDIM computes it: PLMS never forms one, and its combined ε
    /// mixes in earlier steps' outputs.
    /// </summary>
    public ReadOnlySpan<float> PredictedOriginalSample => _predictedOriginal;

    public void Step(ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, INoiseSource noise)
    {
        var stride = Stride;
        var t = SchedulerMath.TrainIndex(timestep);
        var prevT = t - stride;
        EnsureBuffers(sample.Length);
        PredictOriginal(modelOutput, sample, t);
        if (_counter != 1)
        {
            PushEpsilon(modelOutput);
        }
        else
        {
            prevT = t;
            t += stride;
        }

        var combined = _combined.AsSpan();
        ReadOnlySpan<float> x = sample;
        if (_etsCount == 1 && _counter == 0)
        {
            modelOutput.CopyTo(combined);
            sample.CopyTo(_currentSample);
        }
        else if (_etsCount == 1 && _counter == 1)
        {
            var e1 = _ets[0];
            for (var i = 0; i < combined.Length; i++)
            {
                combined[i] = (modelOutput[i] + e1[i]) / 2f;
            }

            x = _currentSample;
        }
        else
        {
            Combine(combined);
        }

        PreviousSample(x, combined, t, prevT, sample);
        _counter++;
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, float timestep) =>
        SchedulerMath.AddDdpmNoise(_alphasCumprod, sample, noise, timestep);

    private void EnsureBuffers(int length)
    {
        for (var i = 0; i < _ets.Length; i++)
        {
            SchedulerMath.EnsureLength(ref _ets[i], length);
        }

        SchedulerMath.EnsureLength(ref _currentSample, length);
        SchedulerMath.EnsureLength(ref _combined, length);
        SchedulerMath.EnsureLength(ref _predictedOriginal, length);
    }

    /// <summary>The train-timestep distance between steps.</summary>
    internal int Stride => _config.NumTrainTimesteps / _inferenceSteps;

    internal bool IsVPrediction => _config.IsVPrediction;

    /// <summary>√ᾱt and √(1−ᾱt), x̂₀'s coefficients at train timestep <paramref name="t"/>.</summary>
    internal (float SqrtAlpha, float SqrtBeta) AlphaAt(int t)
    {
        var alphaProd = _alphasCumprod[t];
        return (MathF.Sqrt(alphaProd), MathF.Sqrt(1f - alphaProd));
    }

    /// <summary>Formula (9)'s scalars from <paramref name="t"/> to <paramref name="prevT"/>: x' = c·x − d·ε/q.</summary>
    internal (float SampleCoeff, float Difference, float Denominator) MoveAt(int t, int prevT)
    {
        var alphaProd = _alphasCumprod[t];
        var alphaProdPrev = prevT >= 0 ? _alphasCumprod[prevT] : _finalAlphaCumprod;
        var betaProd = 1f - alphaProd;
        var betaProdPrev = 1f - alphaProdPrev;
        var sampleCoeff = MathF.Sqrt(alphaProdPrev / alphaProd);
        var denominator = (alphaProd * MathF.Sqrt(betaProdPrev)) + MathF.Sqrt(alphaProd * betaProd * alphaProdPrev);
        return (sampleCoeff, alphaProdPrev - alphaProd, denominator);
    }

    private void PredictOriginal(ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, int t)
    {
        var (sqrtAlpha, sqrtBeta) = AlphaAt(t);
        var v = _config.IsVPrediction;
        var predicted = _predictedOriginal;
        for (var i = 0; i < predicted.Length; i++)
        {
            var x = sample[i];
            var m = modelOutput[i];
            predicted[i] = v ? (sqrtAlpha * x) - (sqrtBeta * m) : (x - (sqrtBeta * m)) / sqrtAlpha;
        }
    }

    private void PushEpsilon(ReadOnlySpan<float> modelOutput)
    {
        if (_etsCount == _ets.Length)
        {
            var oldest = _ets[0];
            Array.Copy(_ets, 1, _ets, 0, _ets.Length - 1);
            _ets[^1] = oldest;
            _etsCount--;
        }

        modelOutput.CopyTo(_ets[_etsCount++]);
    }

    private void Combine(Span<float> combined)
    {
        var n = _etsCount;
        var e1 = _ets[n - 1];
        var e2 = _ets[n - 2];
        if (n == 2)
        {
            for (var i = 0; i < combined.Length; i++)
            {
                combined[i] = ((3f * e1[i]) - e2[i]) / 2f;
            }
        }
        else if (n == 3)
        {
            var e3 = _ets[0];
            for (var i = 0; i < combined.Length; i++)
            {
                combined[i] = ((23f * e1[i]) - (16f * e2[i]) + (5f * e3[i])) / 12f;
            }
        }
        else
        {
            var e3 = _ets[1];
            var e4 = _ets[0];
            for (var i = 0; i < combined.Length; i++)
            {
                combined[i] = 1f / 24f * ((55f * e1[i]) - (59f * e2[i]) + (37f * e3[i]) - (9f * e4[i]));
            }
        }
    }

    // Formula (9) of the PNDM paper: x_{t−δ} from x_t and the combined ε.
    private void PreviousSample(ReadOnlySpan<float> x, ReadOnlySpan<float> eps, int t, int prevT, Span<float> destination)
    {
        var (sampleCoeff, difference, denominator) = MoveAt(t, prevT);
        var (sqrtAlpha, sqrtBeta) = AlphaAt(t);
        var v = _config.IsVPrediction;
        for (var i = 0; i < destination.Length; i++)
        {
            var xi = x[i];
            var e = v ? (sqrtAlpha * eps[i]) + (sqrtBeta * xi) : eps[i];
            destination[i] = (sampleCoeff * xi) - (difference * e / denominator);
        }
    }
}
