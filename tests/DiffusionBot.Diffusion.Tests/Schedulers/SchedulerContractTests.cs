using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>The contract every scheduler meets; one sealed subclass per factory name.</summary>
public abstract class SchedulerContractTests
{
    // Two images of 4×8×8 latents, flat as the pipeline passes them.
    private const int Length = 2 * 4 * 8 * 8;

    protected abstract string Name { get; }

    protected virtual SchedulerConfig Config => TestConfigs.StableDiffusion15;

    protected virtual int ConvergenceSteps => 20;

    protected virtual bool RepeatsTimestep => false;

    // Karras timesteps are rounded from σ, so diffusers repeats small ones at high step counts.
    protected virtual bool RoundsRepeatsAtTheTail => false;

    // The exact model sees ᾱ at the timestep, which Karras schedules round from σ; the scheduler uses σ itself.
    protected virtual float EstimateTolerance => 1e-3f;

    // DDIM and PNDM stop at ᾱ[0] (set_alpha_to_one false), leaving √(1−ᾱ[0]) ≈ 0.03 of ε in the result.
    protected virtual float ConvergenceTolerance => 1e-3f;

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(20)]
    [InlineData(50)]
    public void SetTimesteps_YieldsDecreasingTimesteps_WhenCalled(int steps)
    {
        var scheduler = Create(Config);
        scheduler.SetTimesteps(steps);

        var timesteps = scheduler.Timesteps;
        Assert.Equal(steps + (RepeatsTimestep ? 1 : 0), timesteps.Count);
        for (var i = 1; i < timesteps.Count; i++)
        {
            var repeat = timesteps[i] == timesteps[i - 1] && ((RepeatsTimestep && i == 2) || RoundsRepeatsAtTheTail);
            Assert.True(timesteps[i] < timesteps[i - 1] || repeat, $"timesteps[{i}] = {timesteps[i]} after {timesteps[i - 1]}");
        }
    }

    [Fact]
    public void Step_GivesIdenticalResults_WhenSetTimestepsIsCalledAgainMidRun()
    {
        var reused = Create(Config);
        reused.SetTimesteps(ConvergenceSteps);
        var discarded = Noise(1);
        Denoise(reused, discarded, new SeededNoise(2), Target(), false, 0, reused.Timesteps.Count / 2);

        var fresh = Create(Config);
        var expected = RunFromNoise(fresh, vPrediction: false);
        var actual = RunFromNoise(reused, vPrediction: false);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Step_AllocatesNothing_AfterWarmUp()
    {
        var scheduler = Create(Config);
        scheduler.SetTimesteps(ConvergenceSteps);
        var sample = Noise(1);
        var noise = new SeededNoise(2);
        var model = new ExactModel(Target(), false);
        var output = new float[Length];
        var count = scheduler.Timesteps.Count;
        Denoise(scheduler, sample, noise, model, output, 0, 2);

        var before = GC.GetAllocatedBytesForCurrentThread();
        Denoise(scheduler, sample, noise, model, output, 2, count);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.True(allocated <= 1024, $"{allocated} bytes allocated over {count - 2} steps");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Step_ConvergesToTheDataPoint_WhenTheModelIsExact(bool vPrediction)
    {
        var scheduler = Create(Config with { PredictionType = vPrediction ? "v_prediction" : "epsilon" });

        var result = RunFromNoise(scheduler, vPrediction);

        AssertClose(Target(), result, ConvergenceTolerance);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void PredictedOriginalSample_IsTheDataPoint_AtEveryStep_WhenTheModelIsExact(bool vPrediction)
    {
        var scheduler = Create(Config with { PredictionType = vPrediction ? "v_prediction" : "epsilon" });
        scheduler.SetTimesteps(ConvergenceSteps);
        var sample = Noise(1);
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] *= scheduler.InitNoiseSigma;
        }

        var target = Target();
        var model = new ExactModel(target, vPrediction);
        var output = new float[Length];
        var noise = new SeededNoise(2);
        for (var i = 0; i < scheduler.Timesteps.Count; i++)
        {
            Denoise(scheduler, sample, noise, model, output, i, i + 1);

            // From the very first step, when the sample is almost all noise, x̂₀ is already the picture.
            AssertClose(target, scheduler.PredictedOriginalSample.ToArray(), EstimateTolerance);
        }
    }

    [Fact]
    public void Step_ConvergesToTheDataPoint_WhenStartedFromANoisedImage()
    {
        var scheduler = Create(Config);
        scheduler.SetTimesteps(ConvergenceSteps);
        var begin = ImageToImageSchedule.BeginIndex(ConvergenceSteps, 0.6, scheduler.Order);
        scheduler.SetBeginIndex(begin);
        var target = Target();
        var sample = (float[])target.Clone();

        scheduler.AddNoise(sample, Noise(3), scheduler.Timesteps[begin]);
        Denoise(scheduler, sample, new SeededNoise(4), target, false, begin, scheduler.Timesteps.Count);

        AssertClose(target, sample, ConvergenceTolerance);
    }

    [Fact]
    public void AddNoise_LeavesTheSampleNoisier_WhenTimestepIsTheFirst()
    {
        var scheduler = Create(Config);
        scheduler.SetTimesteps(ConvergenceSteps);
        var sample = Target();

        scheduler.AddNoise(sample, Noise(3), scheduler.Timesteps[0]);

        Assert.True(Rms(sample, Target()) > 0.5f);
    }

    private static float[] Target()
    {
        var x0 = new float[Length];
        for (var i = 0; i < Length; i++)
        {
            x0[i] = 0.8f * MathF.Sin(0.37f * i);
        }

        return x0;
    }

    private static float[] Noise(int seed)
    {
        var noise = new float[Length];
        new SeededNoise(seed).FillGaussian(noise);
        return noise;
    }

    private static float Rms(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return (float)Math.Sqrt(sum / a.Length);
    }

    private static void AssertClose(float[] expected, float[] actual, float tolerance)
    {
        var worst = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            worst = MathF.Max(worst, MathF.Abs(expected[i] - actual[i]));
        }

        Assert.True(worst <= tolerance, $"max |x − x0| = {worst}, tolerance {tolerance}");
    }

    private static void Denoise(IScheduler scheduler, float[] sample, INoiseSource noise, ExactModel model, float[] output, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            var t = scheduler.Timesteps[i];
            model.Predict(sample, scheduler.ModelInputScale(t), t, output);
            scheduler.Step(output, t, sample, noise);
        }
    }

    private static void Denoise(IScheduler scheduler, float[] sample, INoiseSource noise, float[] target, bool vPrediction, int from, int to) =>
        Denoise(scheduler, sample, noise, new ExactModel(target, vPrediction), new float[Length], from, to);

    private IScheduler Create(SchedulerConfig config) => SchedulerFactory.Create(Name, config);

    private float[] RunFromNoise(IScheduler scheduler, bool vPrediction)
    {
        scheduler.SetTimesteps(ConvergenceSteps);
        var sample = Noise(1);
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] *= scheduler.InitNoiseSigma;
        }

        Denoise(scheduler, sample, new SeededNoise(2), Target(), vPrediction, 0, scheduler.Timesteps.Count);
        return sample;
    }
}
