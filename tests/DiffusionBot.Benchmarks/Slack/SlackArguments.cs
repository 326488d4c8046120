using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Slack;

/// <summary>The <c>slack</c> verb's command line.</summary>
internal sealed record SlackArguments
{
    /// <summary>The default burst: 200 <c>/imagine</c> envelopes, the fewest a p99 is judged over.</summary>
    public const int DefaultCommands = Target.MinimumSamplesForP99;

    public required string JsonPath { get; init; }

    /// <summary>How many <c>/imagine</c> envelopes the burst sends.</summary>
    public int Commands { get; init; } = DefaultCommands;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out SlackArguments? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (!OptionPairs.TryRead(args, ["--json", "--commands"], out var options, out error))
        {
            return false;
        }

        if (!OptionPairs.TryJsonPath(options, out var json, out error))
        {
            return false;
        }

        if (!OptionPairs.TryCount(options, "--commands", DefaultCommands, out var commands, out error))
        {
            return false;
        }

        result = new SlackArguments { JsonPath = json, Commands = commands };
        return true;
    }
}
