using System.Text.Json.Serialization;

namespace DiffusionBot.Discord.Wire;

/// <summary>The body of start-thread-from-message; <c>auto_archive_duration</c> is 60, 1440, 4320 or 10080 minutes.</summary>
internal sealed record StartThreadRequest(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("auto_archive_duration")] int? AutoArchiveDuration = null);
