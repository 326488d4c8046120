namespace DiffusionBot.Chat.Quotas;

/// <summary>A quota command that cannot be carried out; the message is one polite line.</summary>
public sealed class QuotaException(string message) : Exception(message);
