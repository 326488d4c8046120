namespace DiffusionBot.Slack.WebApi;

/// <summary>A <c>url_private</c> download was refused; <see cref="Failure"/> says why.</summary>
internal sealed class SlackFileDownloadException(DownloadFailure failure, string message) : Exception(message)
{
    public DownloadFailure Failure { get; } = failure;
}
