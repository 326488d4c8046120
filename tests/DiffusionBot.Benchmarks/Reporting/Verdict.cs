using System.Globalization;

namespace DiffusionBot.Benchmarks.Reporting;

/// <summary>Prints a benchmark's targets and turns them into its exit code: 0 when every one is met, 1 otherwise.</summary>
internal static class Verdict
{
    public const int AllMet = 0;
    public const int Missed = 1;

    /// <summary>The exit code when the command line is wrong.</summary>
    public const int Usage = 2;

    public static bool Met(IEnumerable<Target> targets) => targets.All(t => t.Met);

    public static int Report(IReadOnlyList<Target> targets, string jsonPath)
    {
        ArgumentNullException.ThrowIfNull(targets);
        foreach (var target in targets)
        {
            var measured = target.Measured is { } value ? value.ToString("0.###", CultureInfo.InvariantCulture) + " " + target.Unit : "none";
            var note = target.Note is null ? "" : $" ({target.Note})";
            Console.WriteLine($"  {(target.Met ? "met   " : "MISSED")} {target.Name}: {measured}, target {target.Rule}{note}");
        }

        var missed = targets.Count(t => !t.Met);
        Console.WriteLine(missed == 0 ? $"all {targets.Count} targets met; wrote {jsonPath}" : $"{missed} of {targets.Count} targets missed; wrote {jsonPath}");
        return missed == 0 ? AllMet : Missed;
    }
}
