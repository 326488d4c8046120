namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// diffusers' DPMSolverMultistepScheduler as DPM++ 2M: algorithm dpmsolver++, solver order 2,
/// midpoint update, first order at the start and (per lower_order_final / final σ 0) at the end.
/// </summary>
internal sealed class DpmSolverMultistepScheduler : IScheduler
{
    private readonly SchedulerConfig _config;
    private readonly float[] _trainSigmas;
    private readonly StepCursor _cursor = new();
    private float[] _timesteps = [];
    private float[] _sigmas = [];
    private float[] _previousX0 = [];
    private float[] _currentX0 = [];
    private int _lowerOrderCount;

    public DpmSolverMultistepScheduler(SchedulerConfig config)
    {
        _config = config;
        _trainSigmas = SchedulerMath.TrainSigmas(SchedulerMath.AlphasCumprod(config));
        Timesteps = [];
        Sigmas = [];
    }

    public int Order => 1;

    public float InitNoiseSigma => 1f;

    public IReadOnlyList<float> Timesteps { get; private set; }

    /// <summary>σ per timestep, with the final σ (0 or σmin per final_sigmas_type) appended.</summary>
    internal IReadOnlyList<float> Sigmas { get; private set; }

    public void SetTimesteps(int inferenceSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceSteps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inferenceSteps, _config.NumTrainTimesteps);
        var trainSteps = _config.NumTrainTimesteps;
        _timesteps = new float[inferenceSteps];
        switch (_config.TimestepSpacing ?? "linspace")
        {
            case "leading":
                var ratio = trainSteps / (inferenceSteps + 1);
                for (var i = 0; i < inferenceSteps; i++)
                {
                    _timesteps[i] = ((inferenceSteps - i) * ratio) + _config.StepsOffset;
                }

                break;
            case "trailing":
                _timesteps = SchedulerMath.SpacedTimesteps("trailing", inferenceSteps, trainSteps, 0, roundLinspace: true);
                break;
            default:
                var linspace = SchedulerMath.Linspace(0, trainSteps - 1, inferenceSteps + 1);
                for (var i = 0; i < inferenceSteps; i++)
                {
                    _timesteps[i] = (float)Math.Round(linspace[inferenceSteps - i]);
                }

                break;
        }

        _sigmas = new float[inferenceSteps + 1];
        if (_config.UseKarrasSigmas)
        {
            var karras = SchedulerMath.KarrasSigmas(_trainSigmas[0], _trainSigmas[^1], inferenceSteps);
            for (var i = 0; i < inferenceSteps; i++)
            {
                _sigmas[i] = (float)karras[i];
                _timesteps[i] = (float)Math.Round(SchedulerMath.SigmaToTimestep(karras[i], _trainSigmas));
            }
        }
        else
        {
            for (var i = 0; i < inferenceSteps; i++)
            {
                _sigmas[i] = (float)SchedulerMath.Interpolate(_timesteps[i], _trainSigmas);
            }
        }

        _sigmas[^1] = _config.FinalSigmasType == "sigma_min" ? _trainSigmas[0] : 0f;
        Timesteps = Array.AsReadOnly(_timesteps);
        Sigmas = Array.AsReadOnly(_sigmas);
        _lowerOrderCount = 0;
        _cursor.Reset();
    }

    public void SetBeginIndex(int beginIndex) => _cursor.Begin(beginIndex, _timesteps.Length);

    public float ModelInputScale(float timestep) => 1f;

    /// <summary>The data prediction this step converted the model output to (diffusers' <c>model_outputs[-1]</c>).</summary>
    public ReadOnlySpan<float> PredictedOriginalSample => _currentX0;

    public void Step(ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, INoiseSource noise)
    {
        var index = _cursor.Current(_timesteps, timestep);
        SchedulerMath.EnsureLength(ref _previousX0, sample.Length);
        SchedulerMath.EnsureLength(ref _currentX0, sample.Length);
        (_previousX0, _currentX0) = (_currentX0, _previousX0);
        ToDenoised(modelOutput, sample, _sigmas[index], _currentX0);

        var step = StepAt(index, firstOrder: _lowerOrderCount < 1);
        if (step.FirstOrder)
        {
            FirstOrder(step, sample);
        }
        else
        {
            SecondOrder(step, sample);
        }

        _lowerOrderCount = Math.Min(_lowerOrderCount + 1, 2);
        _cursor.Advance();
    }

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, float timestep)
    {
        var (alpha, sigma) = AlphaSigma(_sigmas[_cursor.ForNoise(_timesteps, timestep)]);
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] = (alpha * sample[i]) + (sigma * noise[i]);
        }
    }

    private static (float Alpha, float Sigma) AlphaSigma(float sigma)
    {
        var alpha = 1f / MathF.Sqrt((sigma * sigma) + 1f);
        return (alpha, sigma * alpha);
    }

    private static float Lambda(float alpha, float sigma) => MathF.Log(alpha) - MathF.Log(sigma);

    private void ToDenoised(ReadOnlySpan<float> modelOutput, ReadOnlySpan<float> sample, float sigma, Span<float> x0)
    {
        var (alpha, sigmaT) = AlphaSigma(sigma);
        var v = _config.IsVPrediction;
        for (var i = 0; i < x0.Length; i++)
        {
            x0[i] = v ? (alpha * sample[i]) - (sigmaT * modelOutput[i]) : (sample[i] - (sigmaT * modelOutput[i])) / alpha;
        }
    }

    /// <summary>
    /// Step <paramref name="index"/>'s coefficients: x' = sampleCoeff·x − x0Coeff·m0 − halfX0Coeff·d1, d1 = (1/r0)·(m0 − m1).
    /// First order (the run's first step, or lower_order_final at the end) has <c>InverseR0 = 0</c>.
    /// </summary>
    internal DpmStep StepAt(int index, bool firstOrder)
    {
        var count = _timesteps.Length;
        var lowerOrderFinal = index == count - 1
            && (_config.EulerAtFinal || (_config.LowerOrderFinal && count < 15) || _config.FinalSigmasType == "zero");
        var (alphaT, sigmaT) = AlphaSigma(_sigmas[index + 1]);
        var (alphaS0, sigmaS0) = AlphaSigma(_sigmas[index]);
        var lambdaT = Lambda(alphaT, sigmaT);
        var lambdaS0 = Lambda(alphaS0, sigmaS0);
        var h = lambdaT - lambdaS0;
        var sampleCoeff = sigmaT / sigmaS0;
        var x0Coeff = alphaT * (MathF.Exp(-h) - 1f);

        // diffusers' lower_order_second only matters for order 3; at order 2 it already is the fallback.
        if (firstOrder || lowerOrderFinal)
        {
            return new DpmStep(true, sampleCoeff, x0Coeff, 0f, 0f);
        }

        var (alphaS1, sigmaS1) = AlphaSigma(_sigmas[index - 1]);
        var r0 = (lambdaS0 - Lambda(alphaS1, sigmaS1)) / h;
        return new DpmStep(false, sampleCoeff, x0Coeff, 1f / r0, 0.5f * x0Coeff);
    }

    /// <summary>x̂₀'s coefficients at step <paramref name="index"/>: α and σ of the current σ.</summary>
    internal (float Alpha, float Sigma) DenoisedAt(int index) => AlphaSigma(_sigmas[index]);

    internal bool IsVPrediction => _config.IsVPrediction;

    private void FirstOrder(DpmStep step, Span<float> sample)
    {
        var x0 = _currentX0;
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] = (step.SampleCoeff * sample[i]) - (step.X0Coeff * x0[i]);
        }
    }

    private void SecondOrder(DpmStep step, Span<float> sample)
    {
        var m0 = _currentX0;
        var m1 = _previousX0;
        for (var i = 0; i < sample.Length; i++)
        {
            var d1 = step.InverseR0 * (m0[i] - m1[i]);
            sample[i] = (step.SampleCoeff * sample[i]) - (step.X0Coeff * m0[i]) - (step.HalfX0Coeff * d1);
        }
    }
}
