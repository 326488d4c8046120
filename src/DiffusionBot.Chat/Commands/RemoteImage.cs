namespace DiffusionBot.Chat.Commands;

/// <summary>An attachment the platform hosts (a Discord attachment URL, a Slack <c>url_private</c>).</summary>
/// <param name="Url">Where to download it; may need the platform's bot token.</param>
/// <param name="FileName">The name the user uploaded it under, for messages.</param>
public sealed record RemoteImage(Uri Url, string? FileName = null) : ImageSource;
