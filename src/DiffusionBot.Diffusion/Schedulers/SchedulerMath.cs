namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>
/// The math diffusers' schedulers share: beta schedules, ᾱ, σ, timestep spacings, Karras sigmas
/// and interpolation. Values are rounded to float32 wherever torch keeps float32 tensors.
/// </summary>
internal static class SchedulerMath
{
    public static float[] AlphasCumprod(SchedulerConfig config)
    {
        var n = config.NumTrainTimesteps;
        var betas = config.BetaSchedule == "linear"
            ? LinspaceF32(config.BetaStart, config.BetaEnd, n)
            : LinspaceF32(MathF.Sqrt(config.BetaStart), MathF.Sqrt(config.BetaEnd), n);
        var result = new float[n];
        // torch.cumprod accumulates in double and rounds each element to float32.
        var product = 1.0;
        for (var i = 0; i < n; i++)
        {
            var beta = config.BetaSchedule == "linear" ? betas[i] : betas[i] * betas[i];
            product *= 1f - beta;
            result[i] = (float)product;
        }

        return result;
    }

    /// <summary>σ = √((1−ᾱ)/ᾱ) per training timestep, in float32 as torch computes it.</summary>
    public static float[] TrainSigmas(float[] alphasCumprod)
    {
        var sigmas = new float[alphasCumprod.Length];
        for (var i = 0; i < sigmas.Length; i++)
        {
            var a = alphasCumprod[i];
            sigmas[i] = MathF.Sqrt((1f - a) / a);
        }

        return sigmas;
    }

    /// <summary>Descending timesteps for DDIM, PNDM and the Euler family.</summary>
    /// <param name="roundLinspace">DDIM/PNDM round linspace values; the Euler family keeps them fractional.</param>
    public static float[] SpacedTimesteps(string spacing, int steps, int trainSteps, int stepsOffset, bool roundLinspace)
    {
        var timesteps = new float[steps];
        switch (spacing)
        {
            case "leading":
                var ratio = trainSteps / steps;
                for (var i = 0; i < steps; i++)
                {
                    timesteps[i] = ((steps - 1 - i) * ratio) + stepsOffset;
                }

                break;
            case "trailing":
                var step = (double)trainSteps / steps;
                for (var i = 0; i < steps; i++)
                {
                    timesteps[i] = (float)Math.Round(trainSteps - (i * step)) - 1;
                }

                break;
            default:
                var linspace = Linspace(0, trainSteps - 1, steps);
                for (var i = 0; i < steps; i++)
                {
                    var value = linspace[steps - 1 - i];
                    timesteps[i] = roundLinspace ? (float)Math.Round(value) : (float)value;
                }

                break;
        }

        return timesteps;
    }

    /// <summary>
    /// EulerDiscrete/EulerAncestral: fractional timesteps and σ interpolated at them, with 0 appended
    /// (or the Karras ramp between the interpolated ends, and timesteps mapped back from it).
    /// </summary>
    public static (float[] Timesteps, float[] Sigmas) EulerSchedule(SchedulerConfig config, float[] trainSigmas, int steps, bool karras)
    {
        var timesteps = SpacedTimesteps(
            config.TimestepSpacing ?? "linspace", steps, config.NumTrainTimesteps, config.StepsOffset, roundLinspace: false);
        var interpolated = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            interpolated[i] = Interpolate(timesteps[i], trainSigmas);
        }

        if (karras)
        {
            interpolated = KarrasSigmas(interpolated[^1], interpolated[0], steps);
            for (var i = 0; i < steps; i++)
            {
                timesteps[i] = (float)SigmaToTimestep(interpolated[i], trainSigmas);
            }
        }

        var sigmas = new float[steps + 1];
        for (var i = 0; i < steps; i++)
        {
            sigmas[i] = (float)interpolated[i];
        }

        return (timesteps, sigmas);
    }

    /// <summary>init_noise_sigma of the Euler family: σmax, or √(σmax²+1) for leading spacing.</summary>
    public static float EulerInitNoiseSigma(SchedulerConfig config, float[] sigmas)
    {
        var max = 0f;
        foreach (var sigma in sigmas)
        {
            max = MathF.Max(max, sigma);
        }

        return (config.TimestepSpacing ?? "linspace") is "linspace" or "trailing" ? max : MathF.Sqrt((max * max) + 1f);
    }

    /// <summary>numpy.linspace in double: start + i·step, with the last value set to <paramref name="stop"/>.</summary>
    public static double[] Linspace(double start, double stop, int count)
    {
        var values = new double[count];
        if (count == 1)
        {
            values[0] = start;
            return values;
        }

        var step = (stop - start) / (count - 1);
        for (var i = 0; i < count; i++)
        {
            values[i] = start + (i * step);
        }

        values[count - 1] = stop;
        return values;
    }

    /// <summary>numpy.interp over xs = 0…len−1, clamped at both ends.</summary>
    public static double Interpolate(double x, float[] ys)
    {
        if (x <= 0)
        {
            return ys[0];
        }

        if (x >= ys.Length - 1)
        {
            return ys[^1];
        }

        var low = (int)Math.Floor(x);
        var w = x - low;
        return ys[low] + (w * (ys[low + 1] - ys[low]));
    }

    /// <summary>Karras et al. (2022) ρ=7 ramp from σmax down to σmin.</summary>
    public static double[] KarrasSigmas(double sigmaMin, double sigmaMax, int steps)
    {
        const double rho = 7.0;
        var ramp = Linspace(0, 1, steps);
        var minInvRho = Math.Pow(sigmaMin, 1 / rho);
        var maxInvRho = Math.Pow(sigmaMax, 1 / rho);
        var sigmas = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            sigmas[i] = Math.Pow(maxInvRho + (ramp[i] * (minInvRho - maxInvRho)), rho);
        }

        return sigmas;
    }

    /// <summary>The fractional training timestep whose σ is <paramref name="sigma"/>, interpolated in log σ.</summary>
    public static double SigmaToTimestep(double sigma, float[] trainSigmas)
    {
        var logSigma = Math.Log(Math.Max(sigma, 1e-10));
        var low = 0;
        for (var i = 0; i < trainSigmas.Length; i++)
        {
            if (logSigma - Math.Log(trainSigmas[i]) >= 0)
            {
                low = i;
            }
        }

        low = Math.Min(low, trainSigmas.Length - 2);
        var lowLog = Math.Log(trainSigmas[low]);
        var highLog = Math.Log(trainSigmas[low + 1]);
        var w = Math.Clamp((lowLog - logSigma) / (lowLog - highLog), 0, 1);
        return ((1 - w) * low) + (w * (low + 1));
    }

    /// <summary>diffusers' index_for_timestep: the second match when a timestep repeats, the last index when none.</summary>
    public static int IndexForTimestep(float[] timesteps, float timestep)
    {
        var first = -1;
        for (var i = 0; i < timesteps.Length; i++)
        {
            if (timesteps[i] == timestep)
            {
                if (first >= 0)
                {
                    return i;
                }

                first = i;
            }
        }

        return first >= 0 ? first : timesteps.Length - 1;
    }

    /// <summary>The ᾱ index of an integer timestep as the DDPM-family schedulers use it.</summary>
    public static int TrainIndex(float timestep) => (int)MathF.Round(timestep);

    /// <summary>add_noise of the DDPM-family schedulers (DDIM, PNDM, LCM): √ᾱ·x + √(1−ᾱ)·n.</summary>
    public static void AddDdpmNoise(float[] alphasCumprod, Span<float> sample, ReadOnlySpan<float> noise, float timestep)
    {
        var alphaProd = alphasCumprod[TrainIndex(timestep)];
        var sqrtAlpha = MathF.Sqrt(alphaProd);
        var sqrtOneMinus = MathF.Sqrt(1f - alphaProd);
        for (var i = 0; i < sample.Length; i++)
        {
            sample[i] = (sqrtAlpha * sample[i]) + (sqrtOneMinus * noise[i]);
        }
    }

    public static void EnsureLength(ref float[] buffer, int length)
    {
        if (buffer.Length != length)
        {
            buffer = new float[length];
        }
    }

    private static float[] LinspaceF32(float start, float stop, int count)
    {
        var values = Linspace(start, stop, count);
        var result = new float[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = (float)values[i];
        }

        return result;
    }
}
