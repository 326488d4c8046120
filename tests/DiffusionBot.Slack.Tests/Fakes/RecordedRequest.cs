using System.Text.Json;

namespace DiffusionBot.Slack.Tests.Fakes;

/// <summary>One Web API request as the fake Slack saw it, with the fake clock's time of arrival.</summary>
internal sealed record RecordedRequest(
    string Method,
    string? Authorization,
    string? ContentType,
    byte[] Body,
    IReadOnlyDictionary<string, string> Args,
    JsonElement? Json,
    DateTimeOffset ReceivedAt);
