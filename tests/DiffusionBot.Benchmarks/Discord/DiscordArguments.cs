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
        if (!OptionPairs.TryRead(args, ["--json", "--interactions"], out var options, out error))
        {
            return false;
        }

        if (options.GetValueOrDefault("--json") is not { Length: > 0 } json)
        {
            error = "--json FILE is required.";
            return false;
        }

        var interactions = DefaultInteractions;
        if (options.TryGetValue("--interactions", out var text) && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out interactions) || interactions < 1))
        {
            error = $"--interactions must be a whole number from 1, not '{text}'.";
            return false;
        }

        result = new DiscordArguments { JsonPath = json, Interactions = interactions };
        return true;
    }
}
