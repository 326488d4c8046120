namespace DiffusionBot.Chat.Storage;

/// <summary>A queued request and the queue job recorded to run it (null when none was recorded).</summary>
public readonly record struct QueuedJob(string RequestId, string? JobId);
