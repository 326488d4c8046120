namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>A multipart file part.</summary>
internal sealed record RecordedFile(string FileName, string? ContentType, byte[] Content);
