namespace DiffusionBot.Chat.Commands;

/// <summary>New variations of one image of an earlier result (Midjourney's V buttons).</summary>
/// <param name="Origin">Who pressed the button.</param>
/// <param name="ResultId">The result the image belongs to.</param>
/// <param name="ImageIndex">The image within the result, from 0; the button for index 0 is labelled V1.</param>
public sealed record Vary(CommandOrigin Origin, string ResultId, int ImageIndex) : Command(Origin);
