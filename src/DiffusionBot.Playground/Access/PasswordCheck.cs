using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.Playground.Access;

/// <summary>
/// Checks a request's <c>Authorization</c> against a configured password: HTTP Basic (what a browser prompts for) or a
/// Bearer token (what scripts send). Compared in constant time.
/// </summary>
public static class PasswordCheck
{
    /// <param name="user">The Basic user name required, or null to accept any.</param>
    public static bool Matches(HttpRequest request, string password, string? user = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrEmpty(password);
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header) || header.Parameter is not { } value)
        {
            return false;
        }

        if (header.Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return user is null && Same(value, password);
        }

        if (!header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && (user is null || decoded[..colon] == user) && Same(decoded[(colon + 1)..], password);
    }

    private static bool Same(string given, string expected) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
}
