namespace DiffusionBot.Chat.Commands;

/// <summary>The chat a command came from and its reply goes back to.</summary>
public enum ChatPlatform
{
    Discord,
    Slack,
    Playground,
}
