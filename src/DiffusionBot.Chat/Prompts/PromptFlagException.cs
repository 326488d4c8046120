namespace DiffusionBot.Chat.Prompts;

/// <summary>A prompt the bot refuses; the message is one polite line naming the flag and what it accepts.</summary>
public sealed class PromptFlagException(string message) : Exception(message);
