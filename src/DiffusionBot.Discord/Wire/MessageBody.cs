using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>
/// The body of create/edit message, interaction callback data, follow-ups and <c>@original</c> edits.
/// Null members are left out, so on an edit a null member keeps what the message has.
/// </summary>
internal sealed record MessageBody
{
    [JsonPropertyName("content")]
    public string? Content { get; init; }

    /// <summary>64 = EPHEMERAL (interactions only).</summary>
    [JsonPropertyName("flags")]
    public int? Flags { get; init; }

    [JsonPropertyName("components")]
    public IReadOnlyList<MessageComponent>? Components { get; init; }

    /// <summary>Upload slots; filled by the REST client from the files it sends when left null.</summary>
    [JsonPropertyName("attachments")]
    public IReadOnlyList<AttachmentSlot>? Attachments { get; init; }

    [JsonPropertyName("message_reference")]
    public MessageReference? MessageReference { get; init; }

    /// <summary>Up to 25 characters; with <see cref="EnforceNonce"/>, Discord returns the earlier message instead of posting twice.</summary>
    [JsonPropertyName("nonce")]
    public string? Nonce { get; init; }

    [JsonPropertyName("enforce_nonce")]
    public bool? EnforceNonce { get; init; }

    [JsonPropertyName("allowed_mentions")]
    public AllowedMentions AllowedMentions { get; init; } = AllowedMentions.None;
}
