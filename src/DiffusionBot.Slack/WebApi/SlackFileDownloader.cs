using DiffusionBot.Chat.Downloads;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.WebApi;

/// <summary>
/// Downloads <c>url_private</c> files. The bot token goes only to <see cref="SlackOptions.FileHosts"/> over HTTPS (or plain HTTP
/// to a loopback peer), is never carried across a redirect to another host, the body is read under a byte cap, and an HTML
/// page served instead of the file (Slack's login page) is refused.
/// </summary>
/// <remarks>The <see cref="HttpClient"/> must not follow redirects itself (<c>AllowAutoRedirect = false</c>): this type follows them.</remarks>
internal sealed class SlackFileDownloader(HttpClient http, IOptions<SlackOptions> options, ILogger<SlackFileDownloader> logger)
{
    /// <summary>How many redirects one download follows.</summary>
    public const int MaxRedirects = 3;

    public async Task<DownloadedFile> DownloadAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!MayCarryToken(url))
        {
            throw new SlackFileDownloadException(DownloadFailure.HostNotAllowed, $"Files are only downloaded from the configured Slack file hosts, not from {url.Host}.");
        }

        var maxBytes = options.Value.MaxDownloadBytes;
        var current = url;
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            if (MayCarryToken(current))
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.Value.BotToken);
            }

            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (DownloadChecks.IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                logger.DownloadRedirected(current.Host, next.Host, MayCarryToken(next));
                current = next;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new SlackFileDownloadException(DownloadFailure.HttpError, $"The file download from {current.Host} answered HTTP {(int)response.StatusCode}.");
            }

            if (response.Content.Headers.ContentLength > maxBytes)
            {
                throw new SlackFileDownloadException(DownloadFailure.TooLarge, $"The file is larger than {maxBytes} bytes.");
            }

            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var content = await DownloadChecks.ReadCappedAsync(response.Content, maxBytes, () => new SlackFileDownloadException(DownloadFailure.TooLarge, $"The file is larger than {maxBytes} bytes."), cancellationToken).ConfigureAwait(false);
            if (DownloadChecks.IsHtml(mediaType, content))
            {
                throw new SlackFileDownloadException(DownloadFailure.HtmlPage, "Slack served an HTML page instead of the file; the bot token may lack the files:read scope.");
            }

            return new DownloadedFile(content, mediaType);
        }

        throw new SlackFileDownloadException(DownloadFailure.TooManyRedirects, $"The file download was redirected more than {MaxRedirects} times.");
    }

    /// <summary>Whether the bot token may be sent to <paramref name="url"/>.</summary>
    public bool MayCarryToken(Uri url) => new DownloadPolicy([.. options.Value.EffectiveFileHosts()], options.Value.MaxDownloadBytes).Allows(url);
}
