using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>An application command as sent in bulk overwrite and returned by it (then with <see cref="Id"/>).</summary>
internal sealed record ApplicationCommand
{
    [JsonPropertyName("id")]
    public ulong? Id { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("description")]
    public required string Description { get; init; }

    /// <summary>1 CHAT_INPUT (slash), 2 USER, 3 MESSAGE.</summary>
    [JsonPropertyName("type")]
    public int Type { get; init; } = 1;

    [JsonPropertyName("options")]
    public IReadOnlyList<ApplicationCommandOption>? Options { get; init; }

    /// <summary>A permission bitset as a string; <c>"0"</c> means administrators only.</summary>
    [JsonPropertyName("default_member_permissions")]
    public string? DefaultMemberPermissions { get; init; }

    /// <summary>0 guild, 1 bot DM, 2 private channel.</summary>
    [JsonPropertyName("contexts")]
    public IReadOnlyList<int>? Contexts { get; init; }
}
