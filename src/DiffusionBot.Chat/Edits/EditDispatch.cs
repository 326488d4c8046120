using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Diffusion.Imaging;

namespace DiffusionBot.Chat.Edits;

/// <summary>
/// Queues a single-image edit like any other image request (quota, queue limit, persisted with its edit), starting
/// from the chosen image of the earlier result.
/// </summary>
internal static class EditDispatch
{
    public const string UnknownEdit = "That button is not supported here.";
    public const string NothingPainted = "Paint over the part to repaint first.";

    public static DispatchOutcome Enqueue(EditImage edit, CommandDispatcher dispatcher)
    {
        if (!ImageEdit.IsKnown(edit.Edit))
        {
            return new DispatchOutcome.Refused(UnknownEdit);
        }

        if (dispatcher.Parent(edit.Origin, edit.ResultId, out var parent, out var spec) is { } missing)
        {
            return missing;
        }

        var images = dispatcher.ImagesOf(parent!.Id);
        if (CommandDispatcher.OutOfRange(edit.ImageIndex, images.Count) is { } refused)
        {
            return refused;
        }

        var image = images[edit.ImageIndex].Png;
        if (edit.Edit == ImageEdit.Mask)
        {
            if (edit.Mask is null)
            {
                return new DispatchOutcome.Refused(NothingPainted);
            }

            var options = dispatcher.Engine;
            using var painted = UntrustedImageDecoder.Decode(edit.Mask, options.MaxInputBytes, options.MaxInputPixels);
            image = edit.Mask;
        }

        var prompt = string.IsNullOrWhiteSpace(edit.Prompt) ? spec!.Prompt : edit.Prompt.Trim();
        var edited = spec! with { Seed = null, Edit = edit.Edit, Prompt = prompt, Count = 1, Width = null, Height = null, Strength = null };
        return dispatcher.Enqueue(edit.Origin, RequestKind.Edit, edited, image, parent.Id);
    }
}
