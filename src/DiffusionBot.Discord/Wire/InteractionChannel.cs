using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>The partial channel of an interaction: id and type are guaranteed; <c>nsfw</c> and <c>parent_id</c> usually come.</summary>
internal sealed record InteractionChannel(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("type")] int Type,
    [property: JsonPropertyName("nsfw")] bool? Nsfw,
    [property: JsonPropertyName("parent_id")] ulong? ParentId)
{
    /// <summary>Announcement, public and private thread channel types.</summary>
    public bool IsThread => Type is 10 or 11 or 12;
}
