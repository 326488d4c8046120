using DiffusionBot.Benchmarks.Engine;
using DiffusionBot.Benchmarks.Reporting;

namespace DiffusionBot.Benchmarks.Quota;

/// <summary>The <c>quota</c> verb's JSON.</summary>
internal sealed record QuotaReport(
    string Benchmark,
    DateTimeOffset Finished,
    string Method,
    MachineReport Machine,
    int Processes,
    int ConcurrentPerProcess,
    int ReservationsPerCaller,
    IReadOnlyList<QuotaStorageReport> Storages,
    IReadOnlyList<Target> Targets,
    bool Met);

/// <summary>One storage's reservation latency and ledger.</summary>
internal sealed record QuotaStorageReport(string Storage, LatencyFigure ReservationMs, QuotaLedger Ledger);
