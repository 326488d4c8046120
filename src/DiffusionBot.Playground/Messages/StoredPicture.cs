namespace DiffusionBot.Playground.Messages;

/// <summary>An image held by a message: a preview JPEG, a result PNG, or an uploaded init image.</summary>
internal sealed record StoredPicture(string ContentType, byte[] Bytes);
