namespace DiffusionBot.Slack.WebApi;

/// <summary>Users: who someone is and whether they administer the workspace.</summary>
internal sealed partial class SlackWebApiClient
{
    /// <summary><c>users.info</c> for <paramref name="userId"/>.</summary>
    public async Task<SlackUser> GetUserAsync(string userId, CancellationToken cancellationToken)
    {
        var response = await PostFormAsync("users.info", [new("user", userId)], SlackJsonContext.Default.UsersInfoResponse, cancellationToken).ConfigureAwait(false);
        return response.User ?? throw new SlackApiException("users.info", "invalid_response");
    }
}
