using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>A member in a guild interaction; <see cref="Permissions"/> is the member's total in the channel, a decimal bitset string.</summary>
internal sealed record GuildMember(
    [property: JsonPropertyName("user")] DiscordUser? User,
    [property: JsonPropertyName("nick")] string? Nick,
    [property: JsonPropertyName("permissions")] string? Permissions);
