namespace DiffusionBot.Chat.Quotas;

/// <summary>One quota change: who, where, when, before → after.</summary>
public sealed record QuotaAuditEntry(DateTimeOffset At, QuotaScope Scope, string UserId, string UserName, string Before, string After);
