namespace DiffusionBot.Chat.Replies;

/// <summary>
/// The platform refuses a reply address for good (the bot is not in the channel, the channel is archived or gone): no retry
/// can deliver there. Thrown by an <see cref="IChatReply"/>; the job then fails the request, gives its quota back and
/// tells the user <see cref="UserMessage"/> through <see cref="IChatReply.PostErrorAsync"/>, which reaches them another way.
/// </summary>
public sealed class ReplyRefusedException(string userMessage, Exception? innerException = null)
    : Exception("The chat platform refused the reply address: " + userMessage, innerException)
{
    /// <summary>One polite line that says why and what to do, e.g. how to invite the bot.</summary>
    public string UserMessage { get; } = userMessage;
}
