namespace DiffusionBot.Playground.Api;

/// <summary>The body of <c>POST /api/messages</c>: what the user typed, e.g. <c>/imagine red --n 2</c>.</summary>
internal sealed record PostMessageRequest(string? Text);
