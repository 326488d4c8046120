namespace DiffusionBot.Diffusion.Imaging;

/// <summary>An image a user sent that cannot be used; the message is one polite line.</summary>
public sealed class InvalidImageException(string message) : Exception(message);
