using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>
/// Each scheduler's x̂₀ against the closed form of its parameterisation, for a model output that has nothing to do with
/// the sample (so only the formula can make them agree), at the first and second step.
/// </summary>
public sealed class PredictedOriginalSampleTests
{
    private const int Length = 4 * 8 * 8;
    private const int Steps = 10;

    /// <summary>The closed form at step <c>Index</c>: from the sample before the step and the model output.</summary>
    private delegate double ClosedForm(IScheduler scheduler, int index, float timestep, double x, double m);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Ddim_PredictsX0_FromAlphaBar(bool v) =>
        AssertClosedForm("ddim", v, (s, _, t, x, m) => DdpmX0(t, x, m, v));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Pndm_PredictsX0_FromThisStepsOwnOutputAndSample(bool v) =>
        AssertClosedForm("pndm", v, (s, _, t, x, m) => DdpmX0(t, x, m, v));

    [Theory]
    [InlineData("euler", false)]
    [InlineData("euler", true)]
    [InlineData("euler_a", false)]
    [InlineData("euler_a", true)]
    public void EulerFamily_PredictsX0_InSigmaSpace(string name, bool v) =>
        AssertClosedForm(name, v, (s, index, _, x, m) =>
        {
            double sigma = ((SigmaScheduler)s).Sigmas[index];
            return v ? (m * (-sigma / Math.Sqrt((sigma * sigma) + 1))) + (x / ((sigma * sigma) + 1)) : x - (sigma * m);
        });

    [Theory]
    [InlineData("dpm++2m", false)]
    [InlineData("dpm++2m", true)]
    [InlineData("dpm++2m_karras", false)]
    [InlineData("dpm++2m_karras", true)]
    public void DpmSolver_PredictsX0_FromItsSigma(string name, bool v) =>
        AssertClosedForm(name, v, (s, index, _, x, m) =>
        {
            double sigma = ((DpmSolverMultistepScheduler)s).Sigmas[index];
            var alpha = 1 / Math.Sqrt((sigma * sigma) + 1);
            var sigmaT = sigma * alpha;
            return v ? (alpha * x) - (sigmaT * m) : (x - (sigmaT * m)) / alpha;
        });

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Lcm_PredictsTheBoundaryConditionedX0(bool v) =>
        AssertClosedForm("lcm", v, (s, _, t, x, m) =>
        {
            const double sigmaData = 0.5;
            var scaled = t * (double)TestConfigs.StableDiffusion15.TimestepScaling;
            var cSkip = sigmaData * sigmaData / ((scaled * scaled) + (sigmaData * sigmaData));
            var cOut = scaled / Math.Sqrt((scaled * scaled) + (sigmaData * sigmaData));
            return (cOut * DdpmX0(t, x, m, v)) + (cSkip * x);
        });

    private static double DdpmX0(float timestep, double x, double m, bool v)
    {
        double alphaProd = SchedulerMath.AlphasCumprod(TestConfigs.StableDiffusion15)[(int)timestep];
        var sqrtAlpha = Math.Sqrt(alphaProd);
        var sqrtBeta = Math.Sqrt(1 - alphaProd);
        return v ? (sqrtAlpha * x) - (sqrtBeta * m) : (x - (sqrtBeta * m)) / sqrtAlpha;
    }

    private static void AssertClosedForm(string name, bool v, ClosedForm expected)
    {
        var scheduler = SchedulerFactory.Create(name, TestConfigs.StableDiffusion15 with { PredictionType = v ? "v_prediction" : "epsilon" });
        scheduler.SetTimesteps(Steps);
        var sample = Gaussian(1);
        for (var i = 0; i < Length; i++)
        {
            sample[i] *= scheduler.InitNoiseSigma;
        }

        var noise = new SeededNoise(2);
        for (var index = 0; index < 2; index++)
        {
            var t = scheduler.Timesteps[index];
            var before = (float[])sample.Clone();
            var output = Gaussian(10 + index);

            scheduler.Step(output, t, sample, noise);

            var predicted = scheduler.PredictedOriginalSample;
            Assert.Equal(Length, predicted.Length);
            for (var i = 0; i < Length; i++)
            {
                var want = expected(scheduler, index, t, before[i], output[i]);
                Assert.True(
                    Math.Abs(predicted[i] - want) <= 1e-4 * (1 + Math.Abs(want)),
                    $"{name} step {index} element {i}: x̂₀ {predicted[i]}, closed form {want}");
            }
        }
    }

    private static float[] Gaussian(int seed)
    {
        var values = new float[Length];
        new SeededNoise(seed).FillGaussian(values);
        return values;
    }
}
