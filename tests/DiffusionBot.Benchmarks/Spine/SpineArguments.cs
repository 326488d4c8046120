using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>The <c>spine</c> verb's command line.</summary>
internal sealed record SpineArguments
{
    /// <summary>The default <see cref="Commands"/> and <see cref="Starts"/>: the fewest a p99 is judged over.</summary>
    public const int DefaultSamples = Target.MinimumSamplesForP99;

    public required string JsonPath { get; init; }

    /// <summary>The storages to measure, in order.</summary>
    public IReadOnlyList<string> Storages { get; init; } = StorageOption.All;

    /// <summary>Commands dispatched back to back for <c>dispatch_ack_ms</c>.</summary>
    public int Commands { get; init; } = DefaultSamples;

    /// <summary>Jobs started one at a time on an idle worker for <c>enqueue_to_start_ms</c>.</summary>
    public int Starts { get; init; } = DefaultSamples;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out SpineArguments? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (!OptionPairs.TryRead(args, ["--json", "--storage", "--commands", "--starts"], out var options, out error))
        {
            return false;
        }

        if (!OptionPairs.TryJsonPath(options, out var json, out error))
        {
            return false;
        }

        if (!StorageOption.TryRead(options, out var storages, out error)
            || !OptionPairs.TryCount(options, "--commands", DefaultSamples, out var commands, out error)
            || !OptionPairs.TryCount(options, "--starts", DefaultSamples, out var starts, out error))
        {
            return false;
        }

        result = new SpineArguments { JsonPath = json, Storages = storages, Commands = commands, Starts = starts };
        return true;
    }
}
