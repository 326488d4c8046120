using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiffusionBot.Slack.Http;

/// <summary>
/// The Events API's <c>url_verification</c> request, sent once when the request URL is saved: the endpoint answers
/// HTTP 200 with the challenge as <c>text/plain</c>. Verify the signature first, as for any other request.
/// </summary>
internal sealed record UrlVerification
{
    public const string TypeName = "url_verification";

    [JsonPropertyName("type")]
    public string? Type { get; init; }

    [JsonPropertyName("challenge")]
    public string? Challenge { get; init; }

    /// <summary>The challenge to echo when <paramref name="body"/> is a <c>url_verification</c>; false for any other body.</summary>
    public static bool TryGetChallenge(ReadOnlySpan<byte> body, out string challenge)
    {
        challenge = "";
        try
        {
            var request = JsonSerializer.Deserialize(body, SlackJsonContext.Default.UrlVerification);
            if (request is { Type: TypeName, Challenge: { Length: > 0 } value })
            {
                challenge = value;
                return true;
            }
        }
        catch (JsonException)
        {
            // Not JSON, e.g. a form-encoded slash command: not a url_verification.
        }

        return false;
    }
}
