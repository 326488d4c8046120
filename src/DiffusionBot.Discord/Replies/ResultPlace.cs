namespace DiffusionBot.Discord.Replies;

/// <summary>Where a result is posted with the bot token, and what kept it from the usual place.</summary>
/// <param name="Channel">The channel or thread; null when the channel refuses the bot (the interaction webhook delivers).</param>
/// <param name="InThread">Whether <paramref name="Channel"/> is a thread.</param>
/// <param name="Missing">The permission whose lack sends the result through the webhook ("View Channel").</param>
/// <param name="StartedThread">Whether the thread was started from the status message.</param>
/// <param name="NoThread">The permission whose lack kept the bot from starting a thread ("Create Public Threads").</param>
internal sealed record ResultPlace(ulong? Channel, bool InThread, string? Missing, bool StartedThread = false, string? NoThread = null);
