using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>The fields of a Slack user the bot needs: who it is and whether it may administer the bot.</summary>
internal sealed record SlackUser
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("team_id")]
    public string? TeamId { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("real_name")]
    public string? RealName { get; init; }

    [JsonPropertyName("deleted")]
    public bool Deleted { get; init; }

    [JsonPropertyName("is_bot")]
    public bool IsBot { get; init; }

    [JsonPropertyName("is_admin")]
    public bool IsAdmin { get; init; }

    [JsonPropertyName("is_owner")]
    public bool IsOwner { get; init; }

    [JsonPropertyName("is_primary_owner")]
    public bool IsPrimaryOwner { get; init; }

    [JsonPropertyName("is_restricted")]
    public bool IsRestricted { get; init; }

    [JsonPropertyName("is_ultra_restricted")]
    public bool IsUltraRestricted { get; init; }

    /// <summary>A workspace admin or owner.</summary>
    [JsonIgnore]
    public bool IsWorkspaceAdmin => IsAdmin || IsOwner || IsPrimaryOwner;
}
