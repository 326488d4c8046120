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
        string? json = null;
        var commands = DefaultCommands;
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
                "--json" => (json = value).Length > 0,
                "--commands" => int.TryParse(value, out commands) && commands >= 1,
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

        result = new SlackArguments { JsonPath = json, Commands = commands };
        error = null;
        return true;
    }
}
