namespace DiffusionBot.Chat.Commands;

/// <summary>
/// A chat-neutral request from a user. The set is closed: <see cref="Imagine"/>, <see cref="Vary"/>, <see cref="Reroll"/>,
/// <see cref="Img2Img"/>, <see cref="Upscale"/>, <see cref="EditImage"/>, <see cref="Cancel"/> and <see cref="Info"/>, handled by one <c>switch</c>.
/// </summary>
public abstract record Command(CommandOrigin Origin);
