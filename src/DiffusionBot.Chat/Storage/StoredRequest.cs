namespace DiffusionBot.Chat.Storage;

/// <summary>A persisted request: everything a worker in any process needs to run it and reply.</summary>
/// <param name="TraceParent">The W3C <c>traceparent</c> of the dispatch, so the job continues its trace.</param>
/// <param name="JobTicket">The argument of the queue job bound to this request (the dashboard names that job after it).</param>
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
    string? Error,
    string? TraceParent = null,
    string? JobTicket = null);
