namespace DiffusionBot.Slack.Tests.Fakes;

/// <summary>The kinds of conversation Slack has; each refuses a bot that is not in it in its own way.</summary>
public enum FakeConversationKind
{
    PublicChannel,
    PrivateChannel,
    DirectMessage,
    GroupDirectMessage,
}

/// <summary>
/// A conversation the fake knows: its kind, whether the bot is in it, whether it is archived. A channel the fake was never
/// told about is a public channel the bot was invited to.
/// </summary>
internal sealed record FakeConversation(string Id, FakeConversationKind Kind, bool BotIsMember = true, bool Archived = false)
{
    /// <summary>The error a write into this conversation gets, or null when the bot may post.</summary>
    /// <remarks>
    /// docs.slack.dev/reference/methods/chat.postMessage, "Errors": <c>not_in_channel</c> ("Cannot post user messages to a
    /// channel they are not in") for a public channel the bot was not invited to (no <c>chat:write.public</c>);
    /// <c>channel_not_found</c> for a private channel or someone else's direct message, which a bot not in it cannot even
    /// see; <c>is_archived</c> for an archived channel. The same holds for chat.update, chat.postEphemeral, file sharing
    /// and history reads (conversations.replies).
    /// </remarks>
    public string? WriteRefusal() => Archived ? "is_archived" : ReadRefusal();

    /// <summary>The error a history read gets, or null when the bot may read.</summary>
    public string? ReadRefusal() => BotIsMember ? null : Kind == FakeConversationKind.PublicChannel ? "not_in_channel" : "channel_not_found";
}
