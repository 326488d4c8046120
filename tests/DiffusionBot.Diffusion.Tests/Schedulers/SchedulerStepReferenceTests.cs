using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

/// <summary>
/// Each sampler's first three steps against diffusers' step math for a model whose output depends on the sample and
/// the timestep, so multistep terms (PNDM's averages, DPM++ 2M's second-order correction) change the result. The
/// expected values come from reference/diffusers_first_steps.py, a plain-Python transcription of
/// src/diffusers/schedulers/scheduling_*.py at huggingface/diffusers@58eb52c0803ea9af3abec60841c2a093bdf1f951 with
/// SD 1.5's scheduler config; rerun it to regenerate them.
/// </summary>
public sealed class SchedulerStepReferenceTests
{
    private static readonly float[] Start = [0.8f, -0.5f, 0.3f, -1.2f];

    public static TheoryData<string, int, double[], double[][]> Expected => new()
    {
        {
            "ddim", 10, [901, 801, 701],
            [
                [1.691897, -0.9578869, 0.5452005, -2.494308],
                [3.097726, -1.617647, 0.9827074, -4.467676],
                [4.940266, -2.459379, 1.603061, -7.018882],
            ]
        },
        {
            // PLMS repeats 801: the second step averages two model outputs from the first step's sample.
            "pndm", 10, [901, 801, 801],
            [
                [1.691897, -0.9578869, 0.5452005, -2.494308],
                [1.835837, -0.9945196, 0.6162337, -2.662762],
                [3.490483, -1.717603, 1.176528, -4.92732],
            ]
        },
        {
            "euler", 10, [999, 888, 777],
            [
                [1.554072, -1.028003, -0.7534382, -2.871892],
                [2.49252, -1.048579, -1.150881, -4.122031],
                [3.283936, -0.9538395, -1.257727, -5.004955],
            ]
        },
        {
            "euler_a", 10, [999, 888, 777],
            [
                [4.535126, 5.249983, -0.3848417, -9.830461],
                [10.75981, 9.544158, -3.439069, -17.77503],
                [16.35213, 12.07584, -6.548372, -23.7134],
            ]
        },
        {
            "dpm++2m", 10, [999, 899, 799],
            [
                [1.816914, -1.141889, 0.53248, -2.785618],
                [3.890145, -2.297793, 1.067212, -5.877937],
                [7.242784, -4.095824, 1.998954, -10.79874],
            ]
        },
        {
            "dpm++2m_karras", 10, [999, 916, 815],
            [
                [1.611098, -1.011974, 0.4854528, -2.46469],
                [3.575961, -2.107098, 0.9884122, -5.396517],
                [7.954447, -4.428353, 2.205766, -11.80203],
            ]
        },
        {
            "lcm", 4, [999, 759, 499],
            [
                [4.895729, -1.885407, 1.172459, -7.933415],
                [17.94357, -5.585286, 3.594795, -27.92025],
                [29.36367, -9.090505, 5.460571, -44.89684],
            ]
        },
    };

    [Theory]
    [MemberData(nameof(Expected))]
    public void FirstThreeSteps_MatchDiffusers_WhenModelOutputDependsOnSampleAndTimestep(
        string name, int steps, double[] timesteps, double[][] samples)
    {
        var scheduler = SchedulerFactory.Create(name, TestConfigs.StableDiffusion15);
        scheduler.SetTimesteps(steps);
        var sample = (float[])Start.Clone();
        var input = new float[sample.Length];
        var output = new float[sample.Length];
        var noise = new CallIndexedNoise();

        for (var step = 0; step < samples.Length; step++)
        {
            var timestep = scheduler.Timesteps[step];
            Approx.Equal(timesteps[step], timestep);
            var scale = scheduler.ModelInputScale(timestep);
            for (var i = 0; i < sample.Length; i++)
            {
                input[i] = scale * sample[i];
            }

            Model(input, timestep, output);
            scheduler.Step(output, timestep, sample, noise);

            for (var i = 0; i < sample.Length; i++)
            {
                Approx.Equal(samples[step][i], sample[i]);
            }
        }
    }

    /// <summary>The reference script's <c>model</c>: 0.6·x·cos(t/300) + 0.2·sin(0.7·i + t/170).</summary>
    private static void Model(ReadOnlySpan<float> input, float timestep, Span<float> output)
    {
        for (var i = 0; i < input.Length; i++)
        {
            output[i] = (float)((0.6 * input[i] * Math.Cos(timestep / 300.0)) + (0.2 * Math.Sin((0.7 * i) + (timestep / 170.0))));
        }
    }

    /// <summary>The reference script's <c>noise(call)</c>: sin(1.3·i + 0.9·call + 0.4), standing in for diffusers' randn.</summary>
    private sealed class CallIndexedNoise : INoiseSource
    {
        private int _call;

        public void FillGaussian(Span<float> destination)
        {
            for (var i = 0; i < destination.Length; i++)
            {
                destination[i] = (float)Math.Sin((1.3 * i) + (0.9 * _call) + 0.4);
            }

            _call++;
        }
    }
}
