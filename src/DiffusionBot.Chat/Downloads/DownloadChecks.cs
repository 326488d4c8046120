using System.Net;
using System.Text;

namespace DiffusionBot.Chat.Downloads;

/// <summary>The checks every platform's file download makes: redirects, a byte cap while reading, HTML instead of a file.</summary>
public static class DownloadChecks
{
    public static bool IsRedirect(HttpStatusCode status) =>
        status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found or HttpStatusCode.SeeOther
            or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    /// <summary>Reads the body, calling <paramref name="tooLarge"/> for the exception to throw once it passes <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]> ReadCappedAsync(HttpContent content, long maxBytes, Func<Exception> tooLarge, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(tooLarge);
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
                    throw tooLarge();
                }

                buffer.Write(chunk, 0, read);
            }

            return buffer.ToArray();
        }
    }

    /// <summary>A web page (a login page, an error page) served where a file was expected.</summary>
    public static bool IsHtml(string? mediaType, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (mediaType is not null && mediaType.Contains("html", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var head = Encoding.UTF8.GetString(content, 0, Math.Min(content.Length, 256)).TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase);
    }
}
