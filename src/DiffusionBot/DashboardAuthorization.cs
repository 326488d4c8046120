using System.Net;
using System.Security.Cryptography;
using System.Text;
using Hangfire.Dashboard;

namespace DiffusionBot;

/// <summary>
/// The Hangfire dashboard is for loopback callers only, unless <c>Dashboard:Password</c> is set:
/// then anyone with the password (HTTP Basic, user <c>admin</c>) may see it.
/// </summary>
internal sealed class DashboardAuthorization(string? password) : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var http = context.GetHttpContext();
        var remote = http.Connection.RemoteIpAddress;
        if (string.IsNullOrEmpty(password))
        {
            return remote is not null && IPAddress.IsLoopback(remote);
        }

        var header = http.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var expected = Encoding.UTF8.GetBytes(Convert.ToBase64String(Encoding.UTF8.GetBytes($"admin:{password}")));
            if (CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header[6..].Trim()), expected))
            {
                return true;
            }
        }

        http.Response.Headers.WWWAuthenticate = "Basic realm=\"DiffusionBot dashboard\"";
        return false;
    }
}
