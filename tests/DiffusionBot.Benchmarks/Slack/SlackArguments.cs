using System.Diagnostics.CodeAnalysis;

namespace DiffusionBot.Benchmarks.Slack;

/// <summary>The <c>slack</c> verb's command line.</summary>
internal sealed record SlackArguments
{
    /// <summary>The default burst: the 50 <c>/imagine</c> envelopes issue 6 asks for.</summary>
    public const int DefaultCommands = 50;

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

        if (options.GetValueOrDefault("--json") is not { Length: > 0 } json)
        {
            error = "--json FILE is required.";
            return false;
        }

        var commands = DefaultCommands;
        if (options.TryGetValue("--commands", out var text) && (!int.TryParse(text, out commands) || commands < 1))
        {
            error = $"--commands must be a whole number from 1, not '{text}'.";
            return false;
        }

        result = new SlackArguments { JsonPath = json, Commands = commands };
        return true;
    }
}
