namespace DiffusionBot.Diffusion.Schedulers;

/// <summary>Maps user-facing scheduler names and diffusers class names to schedulers.</summary>
public static class SchedulerFactory
{
    /// <summary>The canonical names, as shown to users.</summary>
    public static IReadOnlyList<string> Names { get; } =
        ["ddim", "pndm", "euler", "euler_a", "dpm++2m", "dpm++2m_karras", "lcm"];

    public static IScheduler Create(string name, SchedulerConfig config)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(config);
        return name.Trim().ToLowerInvariant() switch
        {
            "ddim" => new DdimScheduler(config),
            "pndm" => new PndmScheduler(config),
            "euler" => new EulerDiscreteScheduler(config),
            "euler_a" or "euler-a" or "euler_ancestral" => new EulerAncestralScheduler(config),
            "dpm++2m" or "dpmpp_2m" => new DpmSolverMultistepScheduler(config),
            "dpm++2m_karras" or "dpmpp_2m_karras" => new DpmSolverMultistepScheduler(config with { UseKarrasSigmas = true }),
            "lcm" => new LcmScheduler(config),
            _ => throw new ArgumentException(
                $"Unknown scheduler '{name}'. Known schedulers: {string.Join(", ", Names)}.", nameof(name)),
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
