namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>Maps user-facing scheduler names and diffusers class names to schedulers.</summary>
public static class SchedulerFactory
{
    /// <summary>The canonical names, as shown to users.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["ddim", "pndm", "euler", "euler_a", "dpm++2m", "dpm++2m_karras", "lcm"];

    /// <summary>The same samplers as AUTOMATIC1111's web UI names them, which is what people type.</summary>
    public static IReadOnlyList<string> A1111Names { get; } =
        ["DDIM", "PLMS", "Euler", "Euler a", "DPM++ 2M", "DPM++ 2M Karras", "LCM"];

    /// <summary>
    /// The canonical name for <paramref name="name"/>, or null when it names no sampler. Case, spaces, '_' and '-'
    /// do not matter, so A1111's "DPM++ 2M Karras" and "Euler a", diffusers-style "dpmpp_2m_karras" and
    /// "euler_ancestral", and "PLMS" (PNDM's sampler) are all understood.
    /// </summary>
    public static string? CanonicalName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Span<char> key = stackalloc char[Math.Min(name.Length, 64)];
        var length = 0;
        foreach (var c in name)
        {
            if (char.IsWhiteSpace(c) || c is '_' or '-')
            {
                continue;
            }

            if (length == key.Length)
            {
                return null;
            }

            key[length++] = char.ToLowerInvariant(c);
        }

        return key[..length] switch
        {
            "ddim" => "ddim",
            "pndm" or "plms" => "pndm",
            "euler" => "euler",
            "eulera" or "eulerancestral" => "euler_a",
            "dpm++2m" or "dpmpp2m" => "dpm++2m",
            "dpm++2mkarras" or "dpmpp2mkarras" => "dpm++2m_karras",
            "lcm" => "lcm",
            _ => null,
        };
    }

    /// <summary>One line for users: the canonical names, and that A1111's names work too.</summary>
    public static string DescribeNames() =>
        $"{string.Join(", ", Names)} (A1111 names such as \"Euler a\" or \"DPM++ 2M Karras\" work too)";

    public static IScheduler Create(string name, SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(config);
        return CanonicalName(name) switch
        {
            "ddim" => new DdimScheduler(config),
            "pndm" => new PndmScheduler(config),
            "euler" => new EulerDiscreteScheduler(config),
            "euler_a" => new EulerAncestralScheduler(config),
            "dpm++2m" => new DpmSolverMultistepScheduler(config),
            "dpm++2m_karras" => new DpmSolverMultistepScheduler(config with { UseKarrasSigmas = true }),
            "lcm" => new LcmScheduler(config),
            _ => throw new ArgumentException(
                $"Unknown scheduler '{name}'. Known schedulers: {DescribeNames()}.", nameof(name)),
        };
    }

    /// <summary>The scheduler the model folder names in <c>_class_name</c>.</summary>
    public static IScheduler CreateDefault(SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.ClassName switch
        {
            "DDIMScheduler" => new DdimScheduler(config),
            "PNDMScheduler" => new PndmScheduler(config),
            "EulerDiscreteScheduler" => new EulerDiscreteScheduler(config),
            "EulerAncestralDiscreteScheduler" => new EulerAncestralScheduler(config),
            "DPMSolverMultistepScheduler" => new DpmSolverMultistepScheduler(config),
            "LCMScheduler" => new LcmScheduler(config),
            _ => throw new ArgumentException(
                $"The model's scheduler '{config.ClassName}' is not supported. Known schedulers: {string.Join(", ", Names)}.",
                nameof(config)),
        };
    }
}
