namespace DiffusionBot.Chat.Commands;

/// <summary>Stops a queued or running request.</summary>
/// <param name="Origin">Who asked.</param>
/// <param name="RequestId">The request to stop; null for the user's most recent one.</param>
public sealed record Cancel(CommandOrigin Origin, string? RequestId = null) : Command(Origin);
