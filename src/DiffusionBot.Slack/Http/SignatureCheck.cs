namespace DiffusionBot.Slack.Http;

/// <summary>The outcome of checking a request's Slack signature.</summary>
internal enum SignatureCheck
{
    /// <summary>Signed with the signing secret, within the time window.</summary>
    Valid,

    /// <summary><c>X-Slack-Request-Timestamp</c> or <c>X-Slack-Signature</c> is missing or malformed.</summary>
    Missing,

    /// <summary>The timestamp is more than five minutes from now: a possible replay.</summary>
    Stale,

    /// <summary>The signature does not match the body.</summary>
    Mismatch,
}
