namespace DiffusionBot.Chat.Commands;

/// <summary>
/// Where an init image comes from: <see cref="InlineImage"/> (bytes the adapter already holds, e.g. a Playground upload)
/// or <see cref="RemoteImage"/> (an attachment the platform hosts, fetched later with the platform's credentials).
/// </summary>
public abstract record ImageSource;
