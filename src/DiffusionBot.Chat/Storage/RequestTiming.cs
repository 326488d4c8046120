namespace DiffusionBot.Chat.Storage;

/// <summary>A request's moments, to the millisecond: queued, last claimed by a worker, and finished (any final status).</summary>
public sealed record RequestTiming(DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);
