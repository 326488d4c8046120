namespace DiffusionBot.Chat.Storage;

/// <summary>One generated PNG of a request.</summary>
public sealed record StoredImage(int Index, long Seed, bool NsfwFlagged, byte[] Png);
