namespace DiffusionBot.Chat.Quotas;

/// <summary>A channel (or, with an empty channel id, a whole server/workspace) on one platform.</summary>
public sealed record QuotaScope(string Platform, string WorkspaceId, string ChannelId)
{
    public QuotaScope Workspace => this with { ChannelId = "" };

    public bool IsWorkspace => ChannelId.Length == 0;

    public string Key => $"{Platform}/{WorkspaceId}/{ChannelId}";
}
