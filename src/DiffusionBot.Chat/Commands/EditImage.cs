namespace DiffusionBot.Chat.Commands;

/// <summary>Repaints one image of an earlier result: zoom out, pan, a region, upscale 2× or a brushed mask.</summary>
/// <param name="Origin">Who pressed the button.</param>
/// <param name="ResultId">The result the image belongs to.</param>
/// <param name="ImageIndex">The image within the result, from 0.</param>
/// <param name="Edit">What to do (<see cref="Edits.ImageEdit"/>).</param>
/// <param name="Prompt">A new prompt (a modal, the playground's box); null keeps the result's own.</param>
/// <param name="Mask">For <see cref="Edits.ImageEdit.Mask"/>: the image with the brushed area transparent.</param>
public sealed record EditImage(CommandOrigin Origin, string ResultId, int ImageIndex, string Edit, string? Prompt = null, byte[]? Mask = null) : Command(Origin);
