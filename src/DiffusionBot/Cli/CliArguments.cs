using System.Globalization;

namespace DiffusionBot.Cli;

/// <summary>A verb's positional words and <c>--name value</c> options, read once; unknown options are errors.</summary>
internal sealed class CliArguments
{
    private readonly Dictionary<string, string> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CliArguments(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            var arg = list[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                if (i + 1 >= list.Count)
                {
                    throw new CliUsageException($"{arg} needs a value.");
                }

                _options[arg[2..]] = list[++i];
            }
            else
            {
                Positional.Add(arg);
            }
        }
    }

    public List<string> Positional { get; } = [];

    public string? String(string name)
    {
        _read.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public int? Int(string name) => String(name) is { } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new CliUsageException($"--{name} must be a whole number, not '{text}'.")
        : null;

    public long? Long(string name) => String(name) is { } text
        ? long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new CliUsageException($"--{name} must be a whole number, not '{text}'.")
        : null;

    public float? Float(string name) => String(name) is { } text
        ? float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new CliUsageException($"--{name} must be a number, not '{text}'.")
        : null;

    /// <summary>Throws when an option was given that the verb never asked for.</summary>
    public void RejectUnknown(string verb)
    {
        var unknown = _options.Keys.Where(k => !_read.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new CliUsageException($"'{verb}' has no option --{unknown[0]}.");
        }
    }
}
