using System.Diagnostics.CodeAnalysis;
using DiffusionBot.Chat.Jobs;

namespace DiffusionBot.Benchmarks.Spine;

/// <summary>The <c>spine</c> verb's command line.</summary>
internal sealed record SpineArguments
{
    public const string Both = "both";

    /// <summary>The default <see cref="Commands"/>: enough for a p99 that is not just the slowest sample.</summary>
    public const int DefaultCommands = 200;

    public required string JsonPath { get; init; }

    /// <summary>The storages to measure, in order.</summary>
    public IReadOnlyList<string> Storages { get; init; } = [JobsOptions.Sqlite, JobsOptions.PostgreSql];

    /// <summary>Commands dispatched back to back for <c>dispatch_ack_ms</c>.</summary>
    public int Commands { get; init; } = DefaultCommands;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out SpineArguments? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (!OptionPairs.TryRead(args, ["--json", "--storage", "--commands"], out var options, out error))
        {
            return false;
        }

        if (options.GetValueOrDefault("--json") is not { Length: > 0 } json)
        {
            error = "--json FILE is required.";
            return false;
        }

        IReadOnlyList<string> storages = [JobsOptions.Sqlite, JobsOptions.PostgreSql];
        if (options.TryGetValue("--storage", out var storage) && !TryStorages(storage, out storages))
        {
            error = $"--storage must be sqlite, postgresql or both, not '{storage}'.";
            return false;
        }

        var commands = DefaultCommands;
        if (options.TryGetValue("--commands", out var text) && (!int.TryParse(text, out commands) || commands < 1))
        {
            error = $"--commands must be a whole number from 1, not '{text}'.";
            return false;
        }

        result = new SpineArguments { JsonPath = json, Storages = storages, Commands = commands };
        return true;
    }

    private static bool TryStorages(string value, out IReadOnlyList<string> storages)
    {
        storages = value switch
        {
            JobsOptions.Sqlite => [JobsOptions.Sqlite],
            JobsOptions.PostgreSql => [JobsOptions.PostgreSql],
            Both => [JobsOptions.Sqlite, JobsOptions.PostgreSql],
            _ => [],
        };
        return storages.Count > 0;
    }
}
