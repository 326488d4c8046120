namespace DiffusionBot.Cli;

/// <summary>A command line that cannot be run; the message is one line.</summary>
internal sealed class CliUsageException(string message) : Exception(message);
