namespace DiffusionBot.Chat.Storage;

/// <summary>A persisted request: everything a worker in any process needs to run it and reply.</summary>
public sealed record StoredRequest(
    string Id,
    long Sequence,
    DateTimeOffset CreatedAt,
    string Kind,
    string Platform,
    string WorkspaceId,
    string ChannelId,
    string UserId,
    string OriginJson,
    string SpecJson,
    byte[]? InitImage,
    string? ParentId,
    string Status,
    string? Error);
