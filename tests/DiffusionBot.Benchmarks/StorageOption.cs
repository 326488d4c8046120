using DiffusionBot.Chat.Jobs;

namespace DiffusionBot.Benchmarks;

/// <summary>The <c>--storage sqlite|postgresql|both</c> option of the verbs that measure a job storage.</summary>
internal static class StorageOption
{
    public const string Both = "both";

    public static IReadOnlyList<string> All { get; } = [JobsOptions.Sqlite, JobsOptions.PostgreSql];

    public static bool TryParse(string value, out IReadOnlyList<string> storages)
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

    public static string Error(string value) => $"--storage must be sqlite, postgresql or both, not '{value}'.";
}
