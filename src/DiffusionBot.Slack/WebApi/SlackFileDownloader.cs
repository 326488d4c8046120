using System.Net;
using System.Net.Http.Headers;
using System.Text;
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
            if (IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
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
            var content = await ReadCappedAsync(response.Content, maxBytes, cancellationToken).ConfigureAwait(false);
            if (IsHtml(mediaType, content))
            {
                throw new SlackFileDownloadException(DownloadFailure.HtmlPage, "Slack served an HTML page instead of the file; the bot token may lack the files:read scope.");
            }

            return new DownloadedFile(content, mediaType);
        }

        throw new SlackFileDownloadException(DownloadFailure.TooManyRedirects, $"The file download was redirected more than {MaxRedirects} times.");
    }

    /// <summary>Whether the bot token may be sent to <paramref name="url"/>.</summary>
    public bool MayCarryToken(Uri url)
    {
        if (!url.IsAbsoluteUri)
        {
            return false;
        }

        var secure = url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback);
        return secure && options.Value.EffectiveFileHosts().Contains(url.Host, StringComparer.OrdinalIgnoreCase);
    }

    private static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    private static async Task<byte[]> ReadCappedAsync(HttpContent content, long maxBytes, CancellationToken cancellationToken)
    {
        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > maxBytes)
                {
                    throw new SlackFileDownloadException(DownloadFailure.TooLarge, $"The file is larger than {maxBytes} bytes.");
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    private static bool IsHtml(string? mediaType, byte[] content)
    {
        if (mediaType is not null && mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var head = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 256)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase)
            || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
