using System.Globalization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>Conversations: reading a thread back.</summary>
internal sealed partial class SlackWebApiClient
{
    /// <summary>The most replies one <c>conversations.replies</c> call asks for.</summary>
    public const int MaxRepliesPerPage = 200;

    /// <summary><c>conversations.replies</c>: the parent message and its replies, oldest first (first page only).</summary>
    public async Task<IReadOnlyList<SlackMessage>> GetRepliesAsync(string channel, string threadTs, CancellationToken cancellationToken)
    {
        var response = await PostFormAsync(
            "conversations.replies",
            [new("channel", channel), new("ts", threadTs), new("limit", MaxRepliesPerPage.ToString(CultureInfo.InvariantCulture))],
            SlackJsonContext.Default.ConversationsRepliesResponse,
            cancellationToken).ConfigureAwait(false);
        return response.Messages ?? [];
    }
}
