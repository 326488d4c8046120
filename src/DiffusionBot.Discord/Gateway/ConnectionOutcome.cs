namespace DiffusionBot.Discord.Gateway;

/// <summary>How one connection ended and what the next one does.</summary>
/// <param name="Healthy">READY or RESUMED arrived on it, so the backoff starts over.</param>
/// <param name="Delay">A wait the protocol asks for (op 9 before re-identifying); null uses the backoff.</param>
internal readonly record struct ConnectionOutcome(ReconnectAction Action, bool Healthy, int? CloseCode, string? Cause, TimeSpan? Delay = null);
