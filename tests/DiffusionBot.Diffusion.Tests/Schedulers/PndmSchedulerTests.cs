using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Diffusion.Tests.Schedulers;

public sealed class PndmSchedulerTests
{
    [Fact]
    public void Timesteps_RepeatTheSecond_When50Steps() =>
        Approx.Sequence(Timesteps(50), [981, 961, 961, 941, 921], [21, 1], 51);

    [Fact]
    public void Timesteps_RepeatTheSecond_When20Steps() =>
        Approx.Sequence(Timesteps(20), [951, 901, 901, 851], [51, 1], 21);

    // diffusers: _timesteps = [1] (leading, steps_offset 1); concatenate([], [], [1]) leaves one entry.
    [Fact]
    public void Timesteps_HoldOneEntry_When1Step() =>
        Approx.Sequence(Timesteps(1), [1], count: 1);

    [Fact]
    public void Step_LandsOnTheFinalAlpha_When1Step()
    {
        var scheduler = SchedulerFactory.Create("pndm", TestConfigs.StableDiffusion15);
        scheduler.SetTimesteps(1);
        var sample = new float[] { 1f };

        scheduler.Step([0f], scheduler.Timesteps[0], sample, new SeededNoise(1));

        // ε = 0: x_prev = √(ᾱ_final/ᾱ_1)·x with ᾱ_final = ᾱ_0 (set_alpha_to_one false) = 1 − 0.00085.
        var alphas = ScaledLinearAlphas();
        Approx.Equal(Math.Sqrt(alphas.Final / alphas.At1), sample[0]);
    }

    [Fact]
    public void InitNoiseSigma_IsOne_WhenBuilt() =>
        Assert.Equal(1f, SchedulerFactory.Create("pndm", TestConfigs.StableDiffusion15).InitNoiseSigma);

    private static IReadOnlyList<float> Timesteps(int steps)
    {
        var scheduler = SchedulerFactory.Create("pndm", TestConfigs.StableDiffusion15);
        scheduler.SetTimesteps(steps);
        return scheduler.Timesteps;
    }

    private static (double Final, double At1) ScaledLinearAlphas()
    {
        var beta0 = 0.00085;
        var beta1 = Math.Pow(Math.Sqrt(0.00085) + ((Math.Sqrt(0.012) - Math.Sqrt(0.00085)) / 999), 2);
        return (1 - beta0, (1 - beta0) * (1 - beta1));
    }
}
