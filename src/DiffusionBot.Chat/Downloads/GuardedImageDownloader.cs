
namespace DiffusionBot.Chat.Downloads;

/// <summary>
/// Fetches a user's image from a chat platform's file host, and from nowhere else: the host must be allowed by the
/// <see cref="DownloadPolicy"/>, a redirect may not leave that host, the body is capped before and while it is read, and
/// an HTML page served in place of the file is refused. Decoding (formats, pixel cap) is the dispatcher's job.
/// </summary>
/// <remarks>
/// The <see cref="HttpClient"/> must not follow redirects itself (<c>AllowAutoRedirect = false</c>); this type does. Build its
/// handler with <see cref="DownloadHandler.Create"/>, which also refuses private addresses after DNS.
/// </remarks>
public sealed class GuardedImageDownloader(HttpClient http)
{
    /// <summary>How many redirects (on the same host) one download follows.</summary>
    public const int MaxRedirects = 3;

    /// <exception cref="ImageDownloadException">The URL, a redirect, the size or the content was refused.</exception>
    public async Task<byte[]> DownloadAsync(Uri url, DownloadPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(policy);
        if (!policy.Allows(url))
        {
            throw new ImageDownloadException(ImageDownloadFailure.HostNotAllowed, $"I only fetch images uploaded to this chat, not from {Shown(url)}; please attach the image directly.");
        }

        var current = url;
        for (var hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, current);
            request.Headers.Authorization = policy.Authorization;
            using var response = await SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (DownloadChecks.IsRedirect(response.StatusCode) && response.Headers.Location is { } location)
            {
                var next = location.IsAbsoluteUri ? location : new Uri(current, location);
                if (!string.Equals(next.Host, current.Host, StringComparison.OrdinalIgnoreCase) || !policy.Allows(next))
                {
                    throw new ImageDownloadException(ImageDownloadFailure.CrossHostRedirect, "The image's link pointed somewhere else, so I did not follow it; please attach the image directly.");
                }

                current = next;
                continue;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new ImageDownloadException(ImageDownloadFailure.HttpError, $"The image could not be fetched (HTTP {(int)response.StatusCode}); please attach it again.");
            }

            if (response.Content.Headers.ContentLength > policy.MaxBytes)
            {
                throw TooLarge(policy.MaxBytes);
            }

            var content = await DownloadChecks.ReadCappedAsync(response.Content, policy.MaxBytes, () => TooLarge(policy.MaxBytes), cancellationToken).ConfigureAwait(false);
            if (DownloadChecks.IsHtml(response.Content.Headers.ContentType?.MediaType, content))
            {
                throw new ImageDownloadException(ImageDownloadFailure.HtmlPage, "A web page came back instead of the image; please attach the image directly.");
            }

            return content;
        }

        throw new ImageDownloadException(ImageDownloadFailure.TooManyRedirects, "The image's link was redirected too many times.");
    }

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e) when (e.InnerException is ImageDownloadException refused)
        {
            // DownloadHandler refused the address while connecting.
            throw refused;
        }
    }

    private static string Shown(Uri url) => url.IsAbsoluteUri ? url.Host : "that link";

    private static ImageDownloadException TooLarge(long maxBytes) =>
        new(ImageDownloadFailure.TooLarge, FormattableString.Invariant($"The image is larger than {maxBytes / (1024.0 * 1024.0):0.#} MB, the most I accept."));
}
