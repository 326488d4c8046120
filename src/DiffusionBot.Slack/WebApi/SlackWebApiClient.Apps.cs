namespace DiffusionBot.Slack.WebApi;

/// <summary>Apps: the Socket Mode connection URL.</summary>
internal sealed partial class SlackWebApiClient
{
    /// <summary><c>apps.connections.open</c> with the app-level token: a fresh, one-time WebSocket URL. Call it for every connect.</summary>
    public async Task<Uri> OpenSocketModeConnectionAsync(CancellationToken cancellationToken)
    {
        var response = await PostFormAsync("apps.connections.open", [], SlackJsonContext.Default.ConnectionsOpenResponse, cancellationToken, SlackTokenKind.App).ConfigureAwait(false);
        return Uri.TryCreate(response.Url, UriKind.Absolute, out var url)
            ? url
            : throw new SlackApiException("apps.connections.open", "invalid_response");
    }
}
