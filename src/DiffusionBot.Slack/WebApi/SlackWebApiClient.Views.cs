namespace DiffusionBot.Slack.WebApi;

/// <summary>Modals.</summary>
internal sealed partial class SlackWebApiClient
{
    /// <summary><c>views.open</c>: shows a modal to the user whose interaction gave the trigger.</summary>
    public Task<EmptyResponse> OpenViewAsync(ViewsOpenRequest request, CancellationToken cancellationToken) =>
        PostJsonAsync("views.open", request, SlackJsonContext.Default.ViewsOpenRequest, SlackJsonContext.Default.EmptyResponse, cancellationToken);
}
