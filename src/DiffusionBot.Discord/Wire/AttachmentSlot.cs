using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>An entry of <c>attachments</c>: <see cref="Id"/> is the <c>n</c> of the multipart part <c>files[n]</c>.</summary>
internal sealed record AttachmentSlot(
    [property: JsonPropertyName("id")] ulong Id,
    [property: JsonPropertyName("filename")] string? FileName,
    [property: JsonPropertyName("description")] string? Description);
