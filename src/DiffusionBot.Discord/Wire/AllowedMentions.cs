using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>Which mentions in the content may ping; the default pings nobody.</summary>
internal sealed record AllowedMentions(
    [property: JsonPropertyName("parse")] IReadOnlyList<string> Parse)
{
    /// <summary><c>{"parse": []}</c>: no @everyone, role or user pings from prompt text the bot echoes.</summary>
    public static AllowedMentions None { get; } = new([]);
}
