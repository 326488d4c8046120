using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace DiffusionBot.Benchmarks;

/// <summary>A verb's <c>--name value</c> pairs; a name the verb does not know, or a name without a value, is an error.</summary>
internal static class OptionPairs
{
    public static bool TryRead(
        IReadOnlyList<string> args,
        IReadOnlyCollection<string> names,
        [NotNullWhen(true)] out Dictionary<string, string>? options,
        [NotNullWhen(false)] out string? error)
    {
        options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (!names.Contains(args[i]))
            {
                (options, error) = (null, $"unknown option: {args[i]}");
                return false;
            }

            if (i + 1 >= args.Count)
            {
                (options, error) = (null, $"{args[i]} needs a value.");
                return false;
            }

            options[args[i]] = args[i + 1];
        }

        error = null;
        return true;
    }

    /// <summary>A count option: a whole number from 1, <paramref name="defaultCount"/> when absent.</summary>
    public static bool TryCount(Dictionary<string, string> options, string name, int defaultCount, out int count, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        count = defaultCount;
        error = null;
        if (options.TryGetValue(name, out var text) && (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count < 1))
        {
            error = $"{name} must be a whole number from 1, not '{text}'.";
            return false;
        }

        return true;
    }

    /// <summary>The report's path, which every verb requires.</summary>
    public static bool TryJsonPath(Dictionary<string, string> options, [NotNullWhen(true)] out string? path, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.GetValueOrDefault("--json") is { Length: > 0 } json)
        {
            (path, error) = (json, null);
            return true;
        }

        (path, error) = (null, "--json FILE is required.");
        return false;
    }
}
