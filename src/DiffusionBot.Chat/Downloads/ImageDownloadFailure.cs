namespace DiffusionBot.Chat.Downloads;

/// <summary>Why <see cref="GuardedImageDownloader"/> refused a download.</summary>
public enum ImageDownloadFailure
{
    /// <summary>The URL is not HTTPS (or HTTP to a loopback peer) on one of the allowed hosts.</summary>
    HostNotAllowed,

    /// <summary>A redirect pointed at another host.</summary>
    CrossHostRedirect,

    /// <summary>More redirects than <see cref="GuardedImageDownloader.MaxRedirects"/>.</summary>
    TooManyRedirects,

    /// <summary>The body is larger than <see cref="DownloadPolicy.MaxBytes"/>.</summary>
    TooLarge,

    /// <summary>An HTML page came back instead of the file (a login or error page).</summary>
    HtmlPage,

    /// <summary>The host answered with an error status.</summary>
    HttpError,

    /// <summary>The host is, or resolves to, a private, loopback or link-local address (<see cref="DownloadHandler"/>).</summary>
    PrivateAddress,
}
