using System.Globalization;
using System.Text;
using DiffusionBot.Diffusion;
using DiffusionBot.Diffusion.Schedulers;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Chat.Prompts;

/// <summary>
/// Reads <c>/imagine</c> text with Midjourney/A1111-style flags into a validated <see cref="PromptSpec"/>, the same way
/// on every platform.
/// </summary>
/// <remarks>
/// The description comes first, then the flags: <c>a red fox --ar 16:9 --no people, text --seed 42</c>. A flag's value
/// follows a space or <c>=</c>, and may be quoted (straight or curly quotes): <c>--no "blurry, text"</c>.
/// <c>--no</c> takes every word up to the next flag, <c>--sampler</c> the words of one sampler name (<c>Euler a</c>);
/// every other flag takes exactly one. An em or en dash counts as <c>--</c>, because phones turn a typed <c>--</c> into
/// one. Flag names and sampler names ignore case; A1111's sampler names are understood.
/// </remarks>
public sealed class PromptFlagParser
{
    /// <summary>The flags, as listed to users.</summary>
    public static IReadOnlyList<string> Flags { get; } =
        ["--no", "--seed", "--steps", "--cfg", "--ar", "--size", "--n", "--sampler", "--model", "--strength", "--lora", "--refine"];

    /// <summary>The widest aspect ratio <c>--ar</c> accepts, either way round.</summary>
    public const double MaxAspectRatio = 4;

    /// <summary><c>--ar</c> rounds width and height to multiples of this.</summary>
    public const int AspectRatioMultiple = 64;

    private readonly EngineOptions _options;

    public PromptFlagParser(IOptions<EngineOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
    }

    /// <summary>Parses and validates <paramref name="text"/>.</summary>
    /// <exception cref="PromptFlagException">The text has a bad flag or value, or no description.</exception>
    public PromptSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var loras = new List<Diffusion.Lora.LoraSpec>();
        text = PromptLoras.Extract(text, loras);
        var tokens = PromptTokenizer.Split(text);
        var first = 0;
        while (first < tokens.Count && !tokens[first].IsFlag)
        {
            first++;
        }

        var builder = new PromptSpecBuilder(first < tokens.Count ? text[..tokens[first].Start].Trim() : text.Trim());
        builder.Loras.AddRange(loras);
        for (var i = first; i < tokens.Count;)
        {
            var next = i + 1;
            while (next < tokens.Count && !tokens[next].IsFlag)
            {
                next++;
            }

            Apply(builder, text, tokens, i, next);
            i = next;
        }

        var spec = builder.Build();
        Validate(spec);
        return spec;
    }

    /// <summary>Checks a spec built elsewhere (e.g. from slash-command options) against the same limits.</summary>
    /// <exception cref="PromptFlagException">A value is out of range.</exception>
    public void Validate(PromptSpec spec) => PromptSpecValidator.Validate(spec, _options);

    private void Apply(PromptSpecBuilder builder, string text, IReadOnlyList<PromptToken> tokens, int flagIndex, int end)
    {
        var flag = tokens[flagIndex];
        var name = (flag.FlagName ?? "").ToLowerInvariant();
        var written = "--" + name;
        var canonical = Canonical(name)
            ?? throw new PromptFlagException($"Unknown flag {written}; flags are {string.Join(", ", Flags)}.");

        // The value is inside the flag token (--seed=42, --no="a, b") or the words up to the next flag (--seed 42).
        var first = flag.HasInlineValue ? flagIndex : flagIndex + 1;
        if (canonical == "--refine")
        {
            RefineSwitch.Apply(builder, written, first < end ? Value(text, tokens, first, end) : null);
            return;
        }

        var value = first < end ? Value(text, tokens, first, end) : "";
        if (value.Trim().Length == 0)
        {
            throw new PromptFlagException($"{written} needs a value, for example {Example(canonical)}.");
        }

        if (canonical == "--no")
        {
            builder.AddNegative(value);
            return;
        }

        if (canonical == "--lora")
        {
            builder.Loras.Add(PromptLoras.Parse(value, written));
            return;
        }

        // Sampler names have spaces ("Euler a"), so --sampler takes several words when together they name one.
        var words = end - first;
        if (words > 1 && canonical != "--sampler")
        {
            throw new PromptFlagException($"{written} takes one value, but you wrote '{PromptSpecValidator.Echo(value)}'; put the description before the flags.");
        }

        builder.Claim(canonical);
        switch (canonical)
        {
            case "--seed":
                builder.Seed = ParseWhole(written, value, canonical);
                break;
            case "--steps":
                builder.Steps = checked((int)ParseWhole(written, value, canonical));
                break;
            case "--cfg":
                builder.Guidance = ParseNumber(written, value, canonical);
                break;
            case "--ar":
                builder.Claim("size", "Use either --ar or --size, not both.");
                (builder.Width, builder.Height, builder.AspectRatio) = SizeForRatio(value);
                break;
            case "--size":
                builder.Claim("size", "Use either --ar or --size, not both.");
                (builder.Width, builder.Height) = ParseSize(value);
                break;
            case "--n":
                builder.Count = checked((int)ParseWhole(written, value, canonical));
                break;
            case "--sampler":
                builder.Sampler = SchedulerFactory.CanonicalName(value) ?? throw PromptSpecValidator.UnknownSampler(value);
                break;
            case "--model":
                builder.Model = value;
                break;
            case "--strength":
                builder.Strength = ParseNumber(written, value, canonical);
                break;
            default:
                throw new InvalidOperationException($"No handler for {canonical}.");
        }
    }

    /// <summary>
    /// The value in tokens [<paramref name="first"/>, <paramref name="end"/>): each word's value (quotes dropped), with
    /// the text between words kept as written.
    /// </summary>
    private static string Value(string text, IReadOnlyList<PromptToken> tokens, int first, int end)
    {
        if (end - first == 1)
        {
            return text[tokens[first].ValueStart..tokens[first].ValueEnd];
        }

        var value = new StringBuilder();
        for (var i = first; i < end; i++)
        {
            if (i > first)
            {
                value.Append(text, tokens[i - 1].End, tokens[i].Start - tokens[i - 1].End);
            }

            value.Append(text, tokens[i].ValueStart, tokens[i].ValueEnd - tokens[i].ValueStart);
        }

        return value.ToString();
    }

    private static string? Canonical(string name) => name switch
    {
        "no" => "--no",
        "seed" => "--seed",
        "steps" => "--steps",
        "cfg" or "guidance" => "--cfg",
        "ar" => "--ar",
        "size" => "--size",
        "n" or "count" => "--n",
        "sampler" => "--sampler",
        "model" => "--model",
        "strength" => "--strength",
        "lora" => "--lora",
        "refine" => "--refine",
        _ => null,
    };

    private static string Example(string canonical) => canonical switch
    {
        "--no" => "--no text, watermark",
        "--seed" => "--seed 42",
        "--steps" => "--steps 30",
        "--cfg" => "--cfg 7.5",
        "--ar" => "--ar 16:9",
        "--size" => "--size 768x512",
        "--n" => "--n 4",
        "--sampler" => "--sampler \"Euler a\"",
        "--model" => "--model demo",
        "--strength" => "--strength 0.6",
        "--lora" => "--lora name:0.8",
        _ => canonical,
    };

    /// <summary>A whole number that fits the flag's type; digits too many for it are out of range, not "not a number".</summary>
    private long ParseWhole(string written, string value, string canonical)
    {
        var max = canonical == "--seed" ? long.MaxValue : int.MaxValue;
        var min = canonical == "--seed" ? long.MinValue : int.MinValue;
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
        {
            return number;
        }

        var digits = value.StartsWith('-') || value.StartsWith('+') ? value[1..] : value;
        throw digits.Length > 0 && digits.All(char.IsAsciiDigit)
            ? PromptSpecValidator.OutOfRange(canonical, PromptSpecValidator.Echo(value), _options)
            : new PromptFlagException($"{written} needs a whole number, for example {Example(canonical)} (you wrote '{PromptSpecValidator.Echo(value)}').");
    }

    private static float ParseNumber(string written, string value, string canonical) =>
        float.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && float.IsFinite(number)
            ? number
            : throw new PromptFlagException($"{written} needs a number, for example {Example(canonical)} (you wrote '{PromptSpecValidator.Echo(value)}').");

    private static (int Width, int Height) ParseSize(string value)
    {
        var separator = value.IndexOfAny(['x', 'X', '×', '*']);
        if (separator > 0
            && int.TryParse(value.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            && int.TryParse(value.AsSpan(separator + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var height))
        {
            return (width, height);
        }

        throw new PromptFlagException($"--size needs a width and a height, for example --size 768x512 (you wrote '{PromptSpecValidator.Echo(value)}').");
    }

    /// <summary>
    /// Width and height for an aspect ratio, keeping about the engine's default area (512×512, or the pixel limit if
    /// smaller) and rounding both sides to multiples of 64.
    /// </summary>
    private (int Width, int Height, double Ratio) SizeForRatio(string value)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0
            || !double.TryParse(value.AsSpan(0, colon), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var w)
            || !double.TryParse(value.AsSpan(colon + 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var h)
            || !double.IsFinite(w) || !double.IsFinite(h) || w <= 0 || h <= 0)
        {
            throw new PromptFlagException($"--ar needs a ratio of two positive numbers, for example --ar 16:9 (you wrote '{PromptSpecValidator.Echo(value)}').");
        }

        var ratio = w / h;
        if (ratio > MaxAspectRatio * (1 + 1e-9) || ratio < 1 / MaxAspectRatio / (1 + 1e-9))
        {
            throw new PromptFlagException(FormattableString.Invariant(
                $"--ar {PromptSpecValidator.Echo(value)} is too extreme; use ratios between 1:{MaxAspectRatio} and {MaxAspectRatio}:1."));
        }

        var area = Math.Min((double)EngineOptions.DefaultSize * EngineOptions.DefaultSize, _options.MaxPixels);
        var width = RoundToMultiple(Math.Sqrt(area * ratio));
        var height = RoundToMultiple(Math.Sqrt(area / ratio));
        while ((long)width * height > _options.MaxPixels && Math.Max(width, height) > AspectRatioMultiple)
        {
            if (width >= height)
            {
                width -= AspectRatioMultiple;
            }
            else
            {
                height -= AspectRatioMultiple;
            }
        }

        return (width, height, ratio);
    }

    private static int RoundToMultiple(double side) =>
        Math.Max(AspectRatioMultiple, (int)Math.Round(side / AspectRatioMultiple, MidpointRounding.AwayFromZero) * AspectRatioMultiple);
}
