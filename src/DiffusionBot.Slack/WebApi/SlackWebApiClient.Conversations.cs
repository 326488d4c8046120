using System.Globalization;

namespace DiffusionBot.Slack.WebApi;

/// <summary>Conversations: reading a thread back.</summary>
internal sealed partial class SlackWebApiClient
{
    /// <summary>The most replies one <c>conversations.replies</c> call asks for.</summary>
    /// <remarks>Slack recommends no more than 200 per page and may return fewer than asked (docs.slack.dev/apis/web-api/pagination).</remarks>
    public const int MaxRepliesPerPage = 200;

    /// <summary>The most pages one thread read-back follows; a thread longer than this is not one the bot made.</summary>
    public const int MaxRepliesPages = 50;

    /// <summary>
    /// <c>conversations.replies</c>: the parent message and all its replies, oldest first, following <c>next_cursor</c> page by
    /// page. A failed page fails the whole read: half a thread must never pass for the whole of it.
    /// </summary>
    public async Task<IReadOnlyList<SlackMessage>> GetRepliesAsync(string channel, string threadTs, CancellationToken cancellationToken)
    {
        var messages = new List<SlackMessage>();
        string? cursor = null;
        for (var page = 0; page < MaxRepliesPages; page++)
        {
            List<KeyValuePair<string, string>> fields =
            [
                new("channel", channel),
                new("ts", threadTs),
                new("limit", MaxRepliesPerPage.ToString(CultureInfo.InvariantCulture)),
            ];
            if (cursor is not null)
            {
                fields.Add(new("cursor", cursor));
            }

            var response = await PostFormAsync("conversations.replies", fields, SlackJsonContext.Default.ConversationsRepliesResponse, cancellationToken).ConfigureAwait(false);
            messages.AddRange(response.Messages ?? []);

            // An empty next_cursor marks the last page (has_more is not always set on it).
            cursor = response.ResponseMetadata?.NextCursor;
            if (string.IsNullOrEmpty(cursor))
            {
                return messages;
            }
        }

        throw new SlackApiException("conversations.replies", "too_many_pages");
    }
}
