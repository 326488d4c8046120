namespace DiffusionBot.Discord.Tests.Fakes;

/// <summary>One HTTP request as the fake saw it; for multipart bodies, the parsed fields and files.</summary>
internal sealed record RecordedRequest(
    string Method,
    string Path,
    string? Authorization,
    string? UserAgent,
    string? ContentType,
    string Body,
    IReadOnlyDictionary<string, string> FormFields,
    IReadOnlyDictionary<string, RecordedFile> Files)
{
    /// <summary>When the request arrived (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</summary>
    public long ReceivedAt { get; init; } = System.Diagnostics.Stopwatch.GetTimestamp();
}
