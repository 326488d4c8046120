using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>The objects an interaction's options (or a message command's target) point at, keyed by snowflake (as a string).</summary>
internal sealed record InteractionResolved(
    [property: JsonPropertyName("attachments")] IReadOnlyDictionary<string, DiscordAttachment>? Attachments,
    [property: JsonPropertyName("messages")] IReadOnlyDictionary<string, ResolvedMessage>? Messages = null);
