namespace DiffusionBot.Playground.Api;

/// <summary>The body of <c>POST /api/actions</c>: a button or reaction on a result.</summary>
/// <param name="ResultId">The result the button belongs to.</param>
/// <param name="Action"><c>upscale</c>, <c>vary</c> or <c>reroll</c>.</param>
/// <param name="Index">The image, from 0 (U1 and V1 send 0); ignored for reroll.</param>
/// <param name="Prompt">For <c>edit:…</c> and <c>region</c>: a new prompt; empty keeps the result's.</param>
/// <param name="Mask">For <c>region</c>: the brush's work, base64 PNG of the image with the painted part transparent.</param>
internal sealed record PostActionRequest(string? ResultId, string? Action, int? Index, string? Prompt = null, string? Mask = null);
