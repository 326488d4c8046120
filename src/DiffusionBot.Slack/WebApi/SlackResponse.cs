using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>What every Web API response carries: <c>ok</c>, and an error or warning name.</summary>
internal abstract record SlackResponse
{
    [JsonPropertyName("ok")]
    public bool Ok { get; init; }

    /// <summary>The error's name when <see cref="Ok"/> is false, e.g. <c>channel_not_found</c>.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>A warning that may accompany a successful call.</summary>
    [JsonPropertyName("warning")]
    public string? Warning { get; init; }
}
