namespace DiffusionBot.Playground.Messages;

/// <summary>One row of <c>dbot_playground_messages</c>.</summary>
/// <param name="Id">Grows with creation order.</param>
/// <param name="Kind">A <see cref="MessageKind"/>.</param>
/// <param name="ParentId">The status message whose thread holds it (results and job errors); null at top level.</param>
/// <param name="ResultId">The request a result shows; the buttons carry it back.</param>
/// <param name="Buttons">The buttons under a result; empty elsewhere.</param>
/// <param name="ImageCount">How many images it holds: one preview on a status message, the grid on a result.</param>
/// <param name="Ephemeral">Shown as "only visible to you" (refusals), as Discord and Slack show them.</param>
/// <param name="Revision">Raised on every change, from one counter for the whole table, so a reader that saw revision r
/// needs only rows above r.</param>
/// <param name="UpdatedAt">Unix milliseconds of the last change.</param>
internal sealed record PlaygroundMessage(
    long Id,
    string Kind,
    string Text,
    long? ParentId,
    string? ResultId,
    IReadOnlyList<PlaygroundButton> Buttons,
    int ImageCount,
    bool Ephemeral,
    long Revision,
    long UpdatedAt);
