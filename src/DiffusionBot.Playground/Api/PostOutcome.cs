namespace DiffusionBot.Playground.Api;

/// <summary>What a post to the API did; the channel shows the same thing through the event stream.</summary>
/// <param name="Outcome"><c>queued</c>, <c>answered</c> or <c>refused</c>.</param>
/// <param name="Message">The line shown in the channel.</param>
/// <param name="StatusMessageId">The bot message that answers it (the status message of a queued job).</param>
/// <param name="RequestId">The queued request, when one was queued.</param>
internal sealed record PostOutcome(string Outcome, string Message, long StatusMessageId, string? RequestId = null)
{
    public const string Queued = "queued";
    public const string Answered = "answered";
    public const string Refused = "refused";
}
