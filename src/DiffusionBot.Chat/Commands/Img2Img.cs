using DiffusionBot.Chat.Prompts;

namespace DiffusionBot.Chat.Commands;

/// <summary>Image to image: repaint <paramref name="Image"/> guided by the prompt (strength from <c>--strength</c>).</summary>
public sealed record Img2Img(CommandOrigin Origin, PromptSpec Prompt, ImageSource Image) : Command(Origin);
