namespace DiffusionBot.Chat.Quotas;

/// <summary>Images counted in the current window, and when the oldest of them frees up.</summary>
public sealed record QuotaUsage(int Channel, int User, DateTimeOffset? NextFreeAt);
