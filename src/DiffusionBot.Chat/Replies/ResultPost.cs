namespace DiffusionBot.Chat.Replies;

/// <summary>A finished result as it is posted.</summary>
/// <param name="ResultId">The id the buttons carry back (<c>Vary</c>, <c>Upscale</c>, <c>Reroll</c>).</param>
/// <param name="Images">The images in grid order.</param>
/// <param name="PromptEcho">The prompt as shown under the images; adapters escape it so it pings nobody.</param>
/// <param name="Actions">The buttons, usually <see cref="ResultAction.ForGrid"/>.</param>
/// <param name="Note">A short line for the user about how the request was read (tokens the model had no room for), or null.</param>
public sealed record ResultPost(
    string ResultId,
    IReadOnlyList<ResultImage> Images,
    string PromptEcho,
    IReadOnlyList<ResultAction> Actions,
    string? Note = null)
{
    /// <summary>The text posted with the images: the prompt echo, then the note on its own line.</summary>
    public string Caption => Note is null ? PromptEcho : PromptEcho + "\n" + Note;
}
