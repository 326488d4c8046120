namespace DiffusionBot.Playground.Messages;

/// <summary>One button under a result, as the page shows it and posts it back to <c>/api/actions</c>.</summary>
/// <param name="Label">U1, V2, 🔁.</param>
/// <param name="Action"><c>upscale</c>, <c>vary</c> or <c>reroll</c>.</param>
/// <param name="Index">The image it acts on, from 0; null for reroll.</param>
internal sealed record PlaygroundButton(string Label, string Action, int? Index);
