using DiffusionBot.Playground.Access;
using Hangfire.Dashboard;

namespace DiffusionBot;

/// <summary>
/// Who may see the Hangfire dashboard, and who may change it. Without <c>Dashboard:Password</c> only callers straight from
/// loopback get in (<see cref="LocalCaller"/>: a request a proxy forwarded counts as remote), and read-only. With it, every
/// caller must send it (HTTP Basic, user <c>admin</c>), and those who do may also delete, requeue and trigger jobs.
/// </summary>
internal sealed class DashboardAuthorization(string? password) : IDashboardAuthorizationFilter
{
    public const string User = "admin";

    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (string.IsNullOrEmpty(password))
        {
            return LocalCaller.Is(http);
        }

        if (IsAuthenticated(context))
        {
            return true;
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"DiffusionBot dashboard\", charset=\"UTF-8\"";
        return false;
    }

    /// <summary>For <c>DashboardOptions.IsReadOnlyFunc</c>: everyone who did not send the password only looks.</summary>
    public bool IsReadOnly(DashboardContext context) => !IsAuthenticated(context);

    private bool IsAuthenticated(DashboardContext context) =>
        !string.IsNullOrEmpty(password) && PasswordCheck.Matches(context.GetHttpContext().Request, password, User);
}
