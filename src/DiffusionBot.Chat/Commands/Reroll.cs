namespace DiffusionBot.Chat.Commands;

/// <summary>The same prompt and settings as an earlier result, with a new seed.</summary>
public sealed record Reroll(CommandOrigin Origin, string ResultId) : Command(Origin);
