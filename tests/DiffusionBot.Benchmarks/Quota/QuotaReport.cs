using DiffusionBot.Benchmarks.Spine;

namespace DiffusionBot.Benchmarks.Quota;

/// <summary>The <c>quota</c> verb's JSON.</summary>
internal sealed record QuotaReport(string Benchmark, DateTimeOffset Finished, int ProcessorCount, IReadOnlyList<QuotaStorageReport> Storages);

/// <summary>One storage's reservation latency.</summary>
internal sealed record QuotaStorageReport(string Storage, int Dispatchers, int ReservationsPerDispatcher, Latency ReservationMs);
