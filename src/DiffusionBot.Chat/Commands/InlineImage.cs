namespace DiffusionBot.Chat.Commands;

/// <summary>An encoded PNG, JPEG or WebP image the adapter already received.</summary>
/// <remarks>Equality compares the array reference, not its content.</remarks>
public sealed record InlineImage(byte[] Bytes) : ImageSource;
