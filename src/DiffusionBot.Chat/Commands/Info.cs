namespace DiffusionBot.Chat.Commands;

/// <summary>Asks what the bot can do: models, samplers, flags and limits.</summary>
public sealed record Info(CommandOrigin Origin) : Command(Origin);
