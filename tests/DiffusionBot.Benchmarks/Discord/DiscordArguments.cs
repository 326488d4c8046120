using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Discord;

/// <summary>The <c>discord</c> verb's command line.</summary>
internal sealed record DiscordArguments
{
    /// <summary>A burst of 200 <c>/imagine</c> at once: the fewest a p99 is judged over.</summary>
    public const int DefaultInteractions = Target.MinimumSamplesForP99;

    public required string JsonPath { get; init; }

    public int Interactions { get; init; } = DefaultInteractions;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out DiscordArguments? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (!OptionPairs.TryRead(args, ["--json", "--interactions"], out var options, out error))
        {
            return false;
        }

        if (!OptionPairs.TryJsonPath(options, out var json, out error))
        {
            return false;
        }

        if (!OptionPairs.TryCount(options, "--interactions", DefaultInteractions, out var interactions, out error))
        {
            return false;
        }

        result = new DiscordArguments { JsonPath = json, Interactions = interactions };
        return true;
    }
}
