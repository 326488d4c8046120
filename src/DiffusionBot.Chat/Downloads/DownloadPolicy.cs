using System.Net.Http.Headers;

namespace DiffusionBot.Chat.Downloads;

/// <summary>What one platform allows <see cref="GuardedImageDownloader"/> to fetch.</summary>
/// <param name="AllowedHosts">Host names (case-insensitive) files may come from; nothing else is contacted.</param>
/// <param name="MaxBytes">The largest body accepted; checked against Content-Length and again while reading.</param>
/// <param name="Authorization">Sent only to <paramref name="AllowedHosts"/> (Slack's bearer token); null for public signed URLs (Discord's CDN).</param>
public sealed record DownloadPolicy(IReadOnlyCollection<string> AllowedHosts, long MaxBytes, AuthenticationHeaderValue? Authorization = null)
{
    /// <summary>HTTPS to an allowed host, or plain HTTP to an allowed loopback host (a local test peer).</summary>
    public bool Allows(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (!url.IsAbsoluteUri)
        {
            return false;
        }

        var secure = url.Scheme == Uri.UriSchemeHttps || (url.Scheme == Uri.UriSchemeHttp && url.IsLoopback);
        return secure && AllowedHosts.Contains(url.Host, StringComparer.OrdinalIgnoreCase);
    }
}
