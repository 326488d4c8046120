namespace DiffusionBot.Chat.Replies;

/// <summary>A finished result as it is posted.</summary>
/// <param name="ResultId">The id the buttons carry back (<c>Vary</c>, <c>Upscale</c>, <c>Reroll</c>).</param>
/// <param name="Images">The images in grid order.</param>
/// <param name="PromptEcho">The prompt as shown under the images; adapters escape it so it pings nobody.</param>
/// <param name="Actions">The buttons, usually <see cref="ResultAction.ForGrid"/>.</param>
public sealed record ResultPost(
    string ResultId,
    IReadOnlyList<ResultImage> Images,
    string PromptEcho,
    IReadOnlyList<ResultAction> Actions);
