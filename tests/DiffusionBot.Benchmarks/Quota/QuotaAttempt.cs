namespace DiffusionBot.Benchmarks.Quota;

/// <summary>One <c>QuotaStore.TryReserve</c> call in a worker process: its time, or null when it threw.</summary>
internal sealed record QuotaAttempt(string RequestId, string UserId, double? Ms, bool Granted, string? Error);

/// <summary>What a <c>quota-worker</c> process hands back to the benchmark.</summary>
internal sealed record QuotaWorkerResult(int Process, IReadOnlyList<QuotaAttempt> Attempts);
