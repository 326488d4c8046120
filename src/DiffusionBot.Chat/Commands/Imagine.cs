using DiffusionBot.Chat.Prompts;

namespace DiffusionBot.Chat.Commands;

/// <summary>Text to image: <c>/imagine a red fox --ar 16:9</c>.</summary>
public sealed record Imagine(CommandOrigin Origin, PromptSpec Prompt) : Command(Origin);
