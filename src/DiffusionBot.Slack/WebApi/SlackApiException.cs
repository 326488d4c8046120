using System.Net;

namespace DiffusionBot.Slack.WebApi;

/// <summary>A Web API call failed: Slack answered <c>ok: false</c> with an error name, or gave up with an HTTP status.</summary>
internal sealed class SlackApiException(string method, string error, HttpStatusCode? statusCode = null)
    : Exception($"Slack's {method} failed: {error}{(statusCode is { } status ? $" (HTTP {(int)status})" : "")}.")
{
    /// <summary>Error names that no retry can fix: the token or the app's setup is wrong.</summary>
    private static readonly HashSet<string> FinalErrors = new(StringComparer.Ordinal)
    {
        "invalid_auth", "not_authed", "account_inactive", "token_revoked", "token_expired",
        "not_allowed_token_type", "missing_scope", "no_permission", "invalid_token", "org_login_required",
    };

    /// <summary>The method that failed, e.g. <c>chat.postMessage</c>.</summary>
    public string Method { get; } = method;

    /// <summary>Slack's error name, e.g. <c>channel_not_found</c>; <c>ratelimited</c> or <c>http_error</c> when retries ran out.</summary>
    public string Error { get; } = error;

    /// <summary>The last HTTP status, when it was not a plain 200.</summary>
    public HttpStatusCode? StatusCode { get; } = statusCode;

    /// <summary>Whether the error is one Slack declares final: retrying cannot help until the configuration changes.</summary>
    public bool IsFinal => FinalErrors.Contains(Error);
}
