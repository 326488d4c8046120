namespace DiffusionBot.Diffusion.Pipeline;

/// <summary>A request the engine refuses; the message is one polite line a user can act on.</summary>
public sealed class InvalidRequestException(string message) : Exception(message);
