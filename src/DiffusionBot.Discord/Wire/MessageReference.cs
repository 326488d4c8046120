using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>Makes a message a reply.</summary>
internal sealed record MessageReference(
    [property: JsonPropertyName("message_id")] ulong MessageId,
    [property: JsonPropertyName("fail_if_not_exists")] bool? FailIfNotExists = false);
