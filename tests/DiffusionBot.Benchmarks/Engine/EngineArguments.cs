using System.Diagnostics.CodeAnalysis;

namespace DiffusionBot.Benchmarks.Engine;

/// <summary>The <c>engine</c> verb's command line.</summary>
internal sealed record EngineArguments
{
    public const int DefaultGenerations = 200;
    public const int DefaultSize = 512;
    public const int DefaultSteps = 20;

    /// <summary>The default <see cref="Repeats"/>.</summary>
    /// <remarks>Eleven generations of 20 steps give 209 per-step samples (the first step of each has none), enough for a p99.</remarks>
    public const int DefaultRepeats = 11;

    /// <summary>The memory loop's size: small, so <see cref="DefaultGenerations"/> generations stay short.</summary>
    public const int MemoryLoopSize = 256;

    public const int MemoryLoopSteps = 10;

    public const string DefaultDevice = "cpu";

    public required string JsonPath { get; init; }

    /// <summary>Generations in the memory loop.</summary>
    public int Generations { get; init; } = DefaultGenerations;

    /// <summary>Width and height of the speed and allocation runs.</summary>
    public int Size { get; init; } = DefaultSize;

    public int Steps { get; init; } = DefaultSteps;

    /// <summary>Measured generations (after warm-up) of the speed and allocation runs.</summary>
    public int Repeats { get; init; } = DefaultRepeats;

    /// <summary>A model folder to open instead of forging the demo model.</summary>
    public string? ModelFolder { get; init; }

    public string Device { get; init; } = DefaultDevice;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out EngineArguments? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        string? json = null, modelFolder = null, device = DefaultDevice;
        int generations = DefaultGenerations, size = DefaultSize, steps = DefaultSteps, repeats = DefaultRepeats;
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count)
            {
                error = $"{args[i]} needs a value.";
                return false;
            }

            var value = args[i + 1];
            var ok = args[i] switch
            {
                "--json" => Text(value, out json),
                "--model-folder" => Text(value, out modelFolder),
                "--device" => Text(value, out device),
                "--generations" => Count(value, 1, out generations),
                "--size" => Count(value, 64, out size) && size % 64 == 0,
                "--steps" => Count(value, 2, out steps),
                "--repeats" => Count(value, 1, out repeats),
                _ => false,
            };
            if (!ok)
            {
                error = $"bad option or value: {args[i]} {value}";
                return false;
            }
        }

        if (json is null)
        {
            error = "--json FILE is required.";
            return false;
        }

        result = new EngineArguments
        {
            JsonPath = json,
            Generations = generations,
            Size = size,
            Steps = steps,
            Repeats = repeats,
            ModelFolder = modelFolder,
            Device = device!,
        };
        error = null;
        return true;
    }

    private static bool Text(string value, out string? text)
    {
        text = value;
        return value.Length > 0;
    }

    private static bool Count(string value, int minimum, out int number) =>
        int.TryParse(value, out number) && number >= minimum;
}
