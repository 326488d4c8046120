using DiffusionBot.Playground.Messages;

namespace DiffusionBot.Playground.Api;

/// <summary>One message as the event stream sends it, whenever it is created or changed.</summary>
/// <param name="Images">Image URLs, each with the message's revision as a query so a changed preview is fetched again.</param>
internal sealed record MessageEvent(
    long Id,
    string Kind,
    string Text,
    long? ParentId,
    string? ResultId,
    IReadOnlyList<PlaygroundButton> Buttons,
    IReadOnlyList<string> Images,
    bool Ephemeral,
    long Revision,
    long UpdatedAt)
{
    internal static MessageEvent From(PlaygroundMessage message) => new(
        message.Id,
        message.Kind,
        message.Text,
        message.ParentId,
        message.ResultId,
        message.Buttons,
        [.. Enumerable.Range(0, message.ImageCount).Select(i => FormattableString.Invariant($"/api/images/{message.Id}/{i}?v={message.Revision}"))],
        message.Ephemeral,
        message.Revision,
        message.UpdatedAt);
}
