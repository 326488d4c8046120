namespace DiffusionBot.Chat.Storage;

/// <summary>What one retention purge removed.</summary>
public readonly record struct PurgeCounts(int Requests, int Images, int Messages, int Posts);
