using System.Diagnostics.CodeAnalysis;

namespace DiffusionBot.Benchmarks.Quota;

/// <summary>The <c>quota</c> verb's command line.</summary>
internal sealed record QuotaArguments
{
    /// <summary>Dispatcher processes reserving in the same channel at once: the chat processes of a scaled-out bot.</summary>
    public const int DefaultProcesses = 4;

    /// <summary>Concurrent reservations inside each process (they share its group commit).</summary>
    public const int DefaultConcurrency = 8;

    /// <summary>Reservations each caller makes: 4 × 8 × 25 = 800 attempts, four times what a p99 needs.</summary>
    public const int DefaultReservations = 25;

    public required string JsonPath { get; init; }

    public IReadOnlyList<string> Storages { get; init; } = StorageOption.All;

    public int Processes { get; init; } = DefaultProcesses;

    public int Concurrency { get; init; } = DefaultConcurrency;

    public int Reservations { get; init; } = DefaultReservations;

    public int Attempts => Processes * Concurrency * Reservations;

    public static bool TryParse(IReadOnlyList<string> args, [NotNullWhen(true)] out QuotaArguments? result, [NotNullWhen(false)] out string? error)
    {
        result = null;
        if (!OptionPairs.TryRead(args, ["--json", "--storage", "--processes", "--concurrency", "--reservations"], out var options, out error))
        {
            return false;
        }

        if (!OptionPairs.TryJsonPath(options, out var json, out error))
        {
            return false;
        }

        if (!StorageOption.TryRead(options, out var storages, out error)
            || !OptionPairs.TryCount(options, "--processes", DefaultProcesses, out var processes, out error)
            || !OptionPairs.TryCount(options, "--concurrency", DefaultConcurrency, out var concurrency, out error)
            || !OptionPairs.TryCount(options, "--reservations", DefaultReservations, out var reservations, out error))
        {
            return false;
        }

        result = new QuotaArguments { JsonPath = json, Storages = storages, Processes = processes, Concurrency = concurrency, Reservations = reservations };
        return true;
    }
}
