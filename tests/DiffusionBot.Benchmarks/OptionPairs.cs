using System.Diagnostics.CodeAnalysis;

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
}
