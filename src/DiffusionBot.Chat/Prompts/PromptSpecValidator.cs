using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Schedulers;

namespace DiffusionBot.Chat.Prompts;

/// <summary>
/// Checks a <see cref="PromptSpec"/> against the engine's limits before it is queued. Each message is one polite line
/// that names the flag, the allowed range and what the user wrote.
/// </summary>
internal static class PromptSpecValidator
{
    public const long MaxSeed = uint.MaxValue;
    public const float MaxGuidance = 50;
    public const int MinSide = 64;
    public const int SizeMultiple = 8;

    public static void Validate(PromptSpec spec, EngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(options);

        if (string.IsNullOrWhiteSpace(spec.Prompt))
        {
            throw new PromptFlagException("Please describe the picture you want, for example: a lighthouse at dusk --ar 16:9.");
        }

        if (spec.Seed is { } seed && (seed < 0 || seed > MaxSeed))
        {
            throw OutOfRange("--seed", Invariant($"{seed}"), options);
        }

        if (spec.Steps is { } steps && (steps < 1 || steps > options.MaxSteps))
        {
            throw OutOfRange("--steps", Invariant($"{steps}"), options);
        }

        if (spec.Guidance is { } guidance && (!float.IsFinite(guidance) || guidance < 0 || guidance > MaxGuidance))
        {
            throw OutOfRange("--cfg", Invariant($"{guidance}"), options);
        }

        if (spec.Count is { } count && (count < 1 || count > options.MaxImages))
        {
            throw OutOfRange("--n", Invariant($"{count}"), options);
        }

        if (spec.Strength is { } strength && (!float.IsFinite(strength) || strength <= 0 || strength > 1))
        {
            throw OutOfRange("--strength", Invariant($"{strength}"), options);
        }

        if (spec.Sampler is { } sampler && SchedulerFactory.CanonicalName(sampler) is null)
        {
            throw UnknownSampler(sampler);
        }

        if (spec.Model is { } model && !IsPlainName(model))
        {
            throw new PromptFlagException($"--model must be a plain model name such as {options.DefaultModel}: letters, digits, '-', '_' and '.' (you wrote '{Echo(model)}').");
        }

        ValidateLoras(spec, options);
        ValidateSize(spec.Width, spec.Height, options);
    }

    private static void ValidateLoras(PromptSpec spec, EngineOptions options)
    {
        var loras = spec.Loras ?? [];
        if (loras.Count > options.MaxLorasPerRequest)
        {
            throw new PromptFlagException(options.MaxLorasPerRequest == 0
                ? "LoRAs are turned off on this bot."
                : Invariant($"At most {options.MaxLorasPerRequest} LoRAs per request (you asked for {loras.Count})."));
        }

        foreach (var lora in loras)
        {
            if (!IsPlainName(lora.Name))
            {
                throw new PromptFlagException($"A LoRA is named by its file name, such as add-detail: letters, digits, '-', '_' and '.' (you wrote '{Echo(lora.Name)}').");
            }

            if (!float.IsFinite(lora.Weight) || Math.Abs(lora.Weight) > PromptLoras.MaxWeight)
            {
                throw new PromptFlagException(Invariant($"A LoRA weight must be between -{PromptLoras.MaxWeight} and {PromptLoras.MaxWeight} (you wrote {lora.Name}:{lora.Weight})."));
            }
        }
    }

    /// <summary>The message for a number outside its flag's range, quoting what the user wrote.</summary>
    public static PromptFlagException OutOfRange(string flag, string written, EngineOptions options) => new(flag switch
    {
        "--seed" => Invariant($"--seed must be between 0 and {MaxSeed} (you wrote {written})."),
        "--steps" => Invariant($"--steps must be between 1 and {options.MaxSteps} (you wrote {written})."),
        "--cfg" => Invariant($"--cfg must be between 0 and {MaxGuidance} (you wrote {written})."),
        "--n" => Invariant($"--n {written}: you can ask for 1 to {options.MaxImages} images."),
        "--strength" => Invariant($"--strength must be above 0 and at most 1 (you wrote {written})."),
        _ => throw new ArgumentOutOfRangeException(nameof(flag), flag, "Not a numeric flag."),
    });

    /// <summary>The message for a sampler name no scheduler answers to; it lists the names that work.</summary>
    public static PromptFlagException UnknownSampler(string written) =>
        new($"--sampler {Echo(written)} is not one I know; choose one of {SchedulerFactory.DescribeNames()}.");

    /// <summary>User text as quoted in a message: on one line, and short enough for any chat.</summary>
    public static string Echo(string written)
    {
        const int MaxLength = 40;
        var line = string.Join(' ', written.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        return line.Length <= MaxLength ? line : string.Concat(line.AsSpan(0, MaxLength - 1), "…");
    }

    private static void ValidateSize(int? width, int? height, EngineOptions options)
    {
        if (width is null && height is null)
        {
            return;
        }

        if (width is not { } w || height is not { } h)
        {
            throw new PromptFlagException("--size needs both a width and a height, for example --size 768x512.");
        }

        if (w < MinSide || h < MinSide)
        {
            throw new PromptFlagException(Invariant($"--size must be at least {MinSide}x{MinSide} (you wrote {w}x{h})."));
        }

        if (w % SizeMultiple != 0 || h % SizeMultiple != 0)
        {
            throw new PromptFlagException(Invariant($"--size must use multiples of {SizeMultiple}, for example 768x512 (you wrote {w}x{h})."));
        }

        if ((long)w * h > options.MaxPixels)
        {
            var side = (int)Math.Sqrt(options.MaxPixels) / SizeMultiple * SizeMultiple;
            throw new PromptFlagException(Invariant($"--size {w}x{h} is too large; images can have at most {options.MaxPixels:N0} pixels, for example {side}x{side}."));
        }
    }

    // Model names become folder names: no separators, no "..", nothing hidden.
    private static bool IsPlainName(string name)
    {
        if (name.Length is 0 or > 100 || name[0] == '.' || name.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
