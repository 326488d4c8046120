using DiffusionBot.Chat.Quotas;

namespace DiffusionBot.Chat.Commands;

/// <summary><c>/quota set|off|clear</c>: admins only.</summary>
public sealed record ChangeQuota(CommandOrigin Origin, QuotaChange Change) : Command(Origin);
