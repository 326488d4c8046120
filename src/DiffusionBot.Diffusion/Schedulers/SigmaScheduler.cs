namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// What Euler and Euler Ancestral share: a σ per timestep (interpolated from the training σs, 0
/// appended), σ-space input scaling, σ-space noising, and the step cursor. Subclasses write the step.
/// </summary>
internal abstract class SigmaScheduler : IScheduler
{
    private readonly float[] _trainSigmas;
    private float[] _timesteps = [];
    private float[] _predictedOriginal = [];

    protected SigmaScheduler(SchedulerConfig config)
    {
        Config = config;
        _trainSigmas = SchedulerMath.TrainSigmas(SchedulerMath.AlphasCumprod(config));
        Timesteps = [];
        Sigmas = [];
    }

    public int Order => 1;

    public float InitNoiseSigma { get; private set; } = 1f;

    public IReadOnlyList<float> Timesteps { get; private set; }

    /// <summary>σ per timestep, with the final 0 appended.</summary>
    internal IReadOnlyList<float> Sigmas { get; private set; }

    protected SchedulerConfig Config { get; }

    protected float[] SigmaValues { get; private set; } = [];

    protected StepCursor Cursor { get; } = new();

    /// <summary>Whether this scheduler honours <c>use_karras_sigmas</c>.</summary>
    protected abstract bool UsesKarrasSigmas { get; }

    public void SetTimesteps(int inferenceSteps)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(inferenceSteps, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(inferenceSteps, Config.NumTrainTimesteps);
        (_timesteps, var sigmas) = SchedulerMath.EulerSchedule(Config, _trainSigmas, inferenceSteps, UsesKarrasSigmas);
        SigmaValues = sigmas;
        Timesteps = Array.AsReadOnly(_timesteps);
        Sigmas = Array.AsReadOnly(sigmas);
        InitNoiseSigma = SchedulerMath.EulerInitNoiseSigma(Config, sigmas);
        Cursor.Reset();
    }

    public void SetBeginIndex(int beginIndex) => Cursor.Begin(beginIndex, _timesteps.Length);

    public float ModelInputScale(float timestep) => InputScaleAt(Cursor.Current(_timesteps, timestep));

    /// <summary>The input scale at step <paramref name="index"/>; the device loop precomputes every step's.</summary>
    internal float InputScaleAt(int index)
    {
        var sigma = SigmaValues[index];
        return 1f / MathF.Sqrt((sigma * sigma) + 1f);
    }

    /// <summary>σ at step <paramref name="index"/> and x̂₀'s coefficients there (see <see cref="DenoisedCoefficients"/>).</summary>
    internal (float Sigma, float Output, float Sample) DenoisedAt(int index)
    {
        var sigma = SigmaValues[index];
        var (output, sample) = DenoisedCoefficients(sigma);
        return (sigma, output, sample);
    }

    /// <summary>The Euler move of step <paramref name="index"/>: x += (x − x̂₀)/σ · dt, then noise × σup.</summary>
    internal abstract (float Dt, float SigmaUp) MoveAt(int index);

    public ReadOnlySpan<float> PredictedOriginalSample => _predictedOriginal;

    public abstract void Step(ReadOnlySpan<float> modelOutput, float timestep, Span<float> sample, INoiseSource noise);

    public void AddNoise(Span<float> sample, ReadOnlySpan<float> noise, float timestep)
    {
        var sigma = SigmaValues[Cursor.ForNoise(_timesteps, timestep)];
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] += noise[i] * sigma;
        }
    }

    /// <summary>The buffer for this step's x̂₀, sized to <paramref name="length"/>; allocated on the first step only.</summary>
    protected float[] PredictedOriginalBuffer(int length)
    {
        SchedulerMath.EnsureLength(ref _predictedOriginal, length);
        return _predictedOriginal;
    }

    /// <summary>The step index of <paramref name="timestep"/>.</summary>
    protected int IndexOf(float timestep) => Cursor.Current(_timesteps, timestep);

    /// <summary>
    /// x̂₀ = <c>Output</c> · model output + <c>Sample</c> · x at σ, for ε-prediction (−σ, 1) or
    /// v-prediction (−σ/√(σ²+1), 1/(σ²+1)); computed once per step, applied per element.
    /// </summary>
    protected (float Output, float Sample) DenoisedCoefficients(float sigma) => Config.IsVPrediction
        ? (-sigma / MathF.Sqrt((sigma * sigma) + 1f), 1f / ((sigma * sigma) + 1f))
        : (-sigma, 1f);
}
