using System.Net.Http.Headers;
using System.Net.Http.Json;

namespace DiffusionBot.Slack.WebApi;

/// <summary>Answers through a <c>response_url</c>: the one way to reach a user in a conversation the bot cannot post in.</summary>
internal sealed partial class SlackWebApiClient
{
    /// <summary>How long Slack honours a <c>response_url</c> after the command or button press that carried it.</summary>
    /// <remarks>"up to 5 times within 30 minutes of the user's invocation" (api.slack.com/interactivity/handling#message_responses).</remarks>
    public static readonly TimeSpan ResponseUrlLifetime = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Posts <paramref name="text"/> to <paramref name="responseUrl"/> as an ephemeral message (JSON, no token: the URL is its own
    /// credential). Slack allows five uses of one URL, so callers spend it only where no Web API method can answer.
    /// </summary>
    public async Task RespondAsync(string responseUrl, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(responseUrl);
        if (!Uri.TryCreate(responseUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw new SlackApiException("response_url", "invalid_url");
        }

        var body = new ResponseUrlMessage { Text = text };
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = JsonContent.Create(body, SlackJsonContext.Default.ResponseUrlMessage, new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" }),
        };
        using var response = await SendWithoutAbandoningAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // Slack answers a spent or expired URL with a 404 and a short error name in the body.
            throw new SlackApiException("response_url", "http_error", response.StatusCode);
        }
    }
}
