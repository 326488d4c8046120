namespace DiffusionBot.Chat.Commands;

/// <summary>
/// Picks one image of an earlier result's grid and posts it alone (Midjourney's U buttons). Nothing is re-rendered
/// or enlarged; the name follows the button users know.
/// </summary>
/// <param name="Origin">Who pressed the button.</param>
/// <param name="ResultId">The result the image belongs to.</param>
/// <param name="ImageIndex">The image within the result, from 0; the button for index 0 is labelled U1.</param>
public sealed record Upscale(CommandOrigin Origin, string ResultId, int ImageIndex) : Command(Origin);
