using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DiffusionBot.Benchmarks.ModelsMemory;

/// <summary>The <c>models-memory</c> verb's command line.</summary>
internal sealed record ModelsMemoryArguments
{
    public const int DefaultGenerations = 200;
    public const int DefaultSize = 128;
    public const int DefaultSteps = 4;
    public const double DefaultTolerancePercent = 5;
    public const int DefaultWidthDivisor = 8;

    public required string JsonPath { get; init; }

    public int Generations { get; init; } = DefaultGenerations;

    public int Size { get; init; } = DefaultSize;

    public int Steps { get; init; } = DefaultSteps;

    /// <summary>SD 1.5's real architecture at 1/N of its width for the three models; 0 for the analytic demo model.</summary>
    public int WidthDivisor { get; init; } = DefaultWidthDivisor;

    /// <summary>Allowed drift of RSS after each round from RSS after the first round.</summary>
    public double TolerancePercent { get; init; } = DefaultTolerancePercent;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out ModelsMemoryArguments? arguments, [NotNullWhen(false)] out string? error)
    {
        arguments = null;
        if (!OptionPairs.TryRead(args, ["--json", "--generations", "--size", "--steps", "--tolerance-percent", "--width-div"], out var options, out error))
        {
            return false;
        }

        if (!options.TryGetValue("--json", out var json))
        {
            error = "--json FILE is required.";
            return false;
        }

        try
        {
            arguments = new ModelsMemoryArguments
            {
                JsonPath = json,
                Generations = options.TryGetValue("--generations", out var g) ? int.Parse(g, CultureInfo.InvariantCulture) : DefaultGenerations,
                Size = options.TryGetValue("--size", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : DefaultSize,
                Steps = options.TryGetValue("--steps", out var n) ? int.Parse(n, CultureInfo.InvariantCulture) : DefaultSteps,
                TolerancePercent = options.TryGetValue("--tolerance-percent", out var t) ? double.Parse(t, CultureInfo.InvariantCulture) : DefaultTolerancePercent,
                WidthDivisor = options.TryGetValue("--width-div", out var w) ? int.Parse(w, CultureInfo.InvariantCulture) : DefaultWidthDivisor,
            };
        }
        catch (FormatException e)
        {
            error = e.Message;
            return false;
        }

        if (arguments.WidthDivisor < 0)
        {
            (arguments, error) = (null, "--width-div must be 0 (the demo model) or a divisor of SD 1.5's widths.");
            return false;
        }

        if (arguments.Generations < 6)
        {
            (arguments, error) = (null, "--generations must be at least 6 (two rounds over three models).");
            return false;
        }

        return true;
    }
}
