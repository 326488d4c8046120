namespace DiffusionBot.Slack.WebApi;

/// <summary>The bytes of a downloaded Slack file and the media type the server named.</summary>
internal sealed record DownloadedFile(byte[] Content, string? MediaType);
