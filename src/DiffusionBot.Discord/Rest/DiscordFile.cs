namespace DiffusionBot.Discord.Rest;

/// <summary>A file to upload as multipart part <c>files[n]</c>.</summary>
internal sealed record DiscordFile(string FileName, ReadOnlyMemory<byte> Content, string ContentType = "image/png", string? Description = null);
