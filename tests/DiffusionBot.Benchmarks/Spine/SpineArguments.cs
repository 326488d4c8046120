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
        string? json = null;
        IReadOnlyList<string> storages = [JobsOptions.Sqlite, JobsOptions.PostgreSql];
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
                "--storage" => TryStorages(value, out storages),
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

        result = new SpineArguments { JsonPath = json, Storages = storages, Commands = commands };
        error = null;
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
