namespace DiffusionBot.Slack.WebApi;

/// <summary>Messages: post, edit, delete, and post to one user only.</summary>
internal sealed partial class SlackWebApiClient
{
    /// <summary><c>chat.postMessage</c>; the answer's channel + ts name the new message.</summary>
    public Task<ChatMessageResponse> PostMessageAsync(ChatPostMessageRequest message, CancellationToken cancellationToken) =>
        PostJsonAsync("chat.postMessage", message, SlackJsonContext.Default.ChatPostMessageRequest, SlackJsonContext.Default.ChatMessageResponse, cancellationToken);

    /// <summary><c>chat.update</c>: edits a message the bot posted.</summary>
    public Task<ChatMessageResponse> UpdateMessageAsync(ChatUpdateRequest update, CancellationToken cancellationToken) =>
        PostJsonAsync("chat.update", update, SlackJsonContext.Default.ChatUpdateRequest, SlackJsonContext.Default.ChatMessageResponse, cancellationToken);

    /// <summary><c>chat.postEphemeral</c>: a message only one user sees, e.g. a refusal.</summary>
    public Task<ChatPostEphemeralResponse> PostEphemeralAsync(ChatPostEphemeralRequest message, CancellationToken cancellationToken) =>
        PostJsonAsync("chat.postEphemeral", message, SlackJsonContext.Default.ChatPostEphemeralRequest, SlackJsonContext.Default.ChatPostEphemeralResponse, cancellationToken);

    /// <summary><c>chat.delete</c>: removes a message the bot posted.</summary>
    public Task<ChatMessageResponse> DeleteMessageAsync(string channel, string ts, CancellationToken cancellationToken) =>
        PostFormAsync("chat.delete", [new("channel", channel), new("ts", ts)], SlackJsonContext.Default.ChatMessageResponse, cancellationToken);
}
