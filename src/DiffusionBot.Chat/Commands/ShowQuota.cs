namespace DiffusionBot.Chat.Commands;

/// <summary><c>/quota show</c>: the channel's limits, what is used and left, and the last change. Anyone may ask.</summary>
public sealed record ShowQuota(CommandOrigin Origin) : Command(Origin);
