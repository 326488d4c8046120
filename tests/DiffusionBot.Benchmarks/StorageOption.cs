using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Chat.Jobs;

namespace DiffusionBot.Benchmarks;

/// <summary>The <c>--storage sqlite|postgresql|both</c> option of the verbs that measure a job storage.</summary>
internal static class StorageOption
{
    public const string Both = "both";

    public static IReadOnlyList<string> All { get; } = [JobsOptions.Sqlite, JobsOptions.PostgreSql];

    /// <summary>The storages <c>--storage</c> names, both when it is absent.</summary>
    public static bool TryRead(Dictionary<string, string> options, out IReadOnlyList<string> storages, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(options);
        (storages, error) = (All, null);
        if (options.TryGetValue("--storage", out var value) && !TryParse(value, out storages))
        {
            error = $"--storage must be sqlite, postgresql or both, not '{value}'.";
            return false;
        }

        return true;
    }

    private static bool TryParse(string value, out IReadOnlyList<string> storages)
    {
        storages = value switch
        {
            JobsOptions.Sqlite => [JobsOptions.Sqlite],
            JobsOptions.PostgreSql => [JobsOptions.PostgreSql],
            Both => All,
            _ => [],
        };
        return storages.Count > 0;
    }
}
