using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DiffusionBot.Benchmarks.Discord;

/// <summary>The <c>discord</c> verb's command line.</summary>
internal sealed record DiscordArguments
{
    /// <summary>The burst: 50 <c>/imagine</c> at once.</summary>
    public const int DefaultInteractions = 50;

    public required string JsonPath { get; init; }

    public int Interactions { get; init; } = DefaultInteractions;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out DiscordArguments? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        string? json = null;
        var interactions = DefaultInteractions;
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
                "--interactions" => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out interactions) && interactions > 0,
                _ => false,
            };
            if (!ok)
            {
                error = $"Bad option {args[i]} {value}.";
                return false;
            }
        }

        if (json is null)
        {
            error = "--json FILE is required.";
            return false;
        }

        result = new DiscordArguments { JsonPath = json, Interactions = interactions };
        error = null;
        return true;
    }
}
