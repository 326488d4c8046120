namespace DiffusionBot.Chat.Replies;

/// <summary>One posted image: a PNG with A1111 <c>parameters</c> metadata, and the seed that painted it.</summary>
public sealed record ResultImage(ReadOnlyMemory<byte> Png, long Seed);
