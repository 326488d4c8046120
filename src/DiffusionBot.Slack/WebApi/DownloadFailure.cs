namespace DiffusionBot.Slack.WebApi;

/// <summary>Why a <c>url_private</c> download was refused.</summary>
internal enum DownloadFailure
{
    /// <summary>The URL's host is not one of <see cref="SlackOptions.FileHosts"/>, so the bot token must not go there.</summary>
    HostNotAllowed,

    /// <summary>The file is larger than <see cref="SlackOptions.MaxDownloadBytes"/>.</summary>
    TooLarge,

    /// <summary>Slack served an HTML page (its login page) instead of the file: the token lacks <c>files:read</c>.</summary>
    HtmlPage,

    /// <summary>The download answered with an error status.</summary>
    HttpError,

    /// <summary>More redirects than the downloader follows.</summary>
    TooManyRedirects,
}
