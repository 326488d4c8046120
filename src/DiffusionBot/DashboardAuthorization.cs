using DiffusionBot.Playground.Access;
using Hangfire.Dashboard;

namespace DiffusionBot;

/// <summary>
/// Who may see the Hangfire dashboard, and who may change it. Callers straight from loopback (<see cref="LocalCaller"/>: a
/// request a proxy forwarded counts as remote) may look. Everyone else must send <c>Dashboard:Password</c> (HTTP Basic, user
/// <c>admin</c>), and is refused when none is set. Only a caller who sent the password may delete, requeue or trigger jobs.
/// </summary>
internal sealed class DashboardAuthorization(string? password) : IDashboardAuthorizationFilter
{
    public const string User = "admin";

    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (IsAuthenticated(context) || LocalCaller.Is(http))
        {
            return true;
        }

        if (!string.IsNullOrEmpty(password))
        {
            http.Response.Headers.WWWAuthenticate = "Basic realm=\"DiffusionBot dashboard\", charset=\"UTF-8\"";
        }

        return false;
    }

    /// <summary>For <c>DashboardOptions.IsReadOnlyFunc</c>: everyone who did not send the password only looks.</summary>
    public bool IsReadOnly(DashboardContext context) => !IsAuthenticated(context);

    private bool IsAuthenticated(DashboardContext context) =>
        !string.IsNullOrEmpty(password) && PasswordCheck.Matches(context.GetHttpContext().Request, password, User);
}
