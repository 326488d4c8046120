using Microsoft.Extensions.Logging;

namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>One captured log line.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, int EventId, string Message, Exception? Exception);
