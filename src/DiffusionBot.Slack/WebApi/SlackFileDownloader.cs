using System.Net.Http.Headers;
using DiffusionBot.Chat.Downloads;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.WebApi;

/// <summary>
/// Downloads <c>url_private</c> files through the same <see cref="GuardedImageDownloader"/> as Discord's attachments: the bot
/// token goes only to <see cref="SlackOptions.FileHosts"/> over HTTPS (or plain HTTP to a loopback peer), a redirect may not
/// leave that host, private addresses are refused after DNS, the body is read under a byte cap, and an HTML page served
/// instead of the file (Slack's login page) is refused.
/// </summary>
internal sealed class SlackFileDownloader(GuardedImageDownloader downloader, IOptions<SlackOptions> options)
{
    /// <exception cref="ImageDownloadException">The URL, a redirect, the address, the size or the content was refused.</exception>
    public Task<byte[]> DownloadAsync(Uri url, CancellationToken cancellationToken) =>
        downloader.DownloadAsync(url, Policy(new AuthenticationHeaderValue("Bearer", options.Value.BotToken)), cancellationToken);

    /// <summary>Whether the bot token may be sent to <paramref name="url"/>.</summary>
    public bool MayCarryToken(Uri url) => Policy(null).Allows(url);

    private DownloadPolicy Policy(AuthenticationHeaderValue? authorization) =>
        new([.. options.Value.EffectiveFileHosts()], options.Value.MaxDownloadBytes, authorization);
}
