using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Http;

/// <summary>
/// Checks that an HTTP request came from Slack: <c>v0=</c> + hex HMAC-SHA256 of <c>v0:{timestamp}:{raw body}</c> keyed with the
/// signing secret, compared in constant time, and refused when the timestamp is more than five minutes away.
/// </summary>
internal sealed class SlackRequestVerifier(IOptions<SlackOptions> options, TimeProvider time)
{
    /// <summary>The header with the request's unix time in seconds.</summary>
    public const string TimestampHeader = "X-Slack-Request-Timestamp";

    /// <summary>The header with <c>v0=</c> and the hex signature.</summary>
    public const string SignatureHeader = "X-Slack-Signature";

    /// <summary>How far the request's timestamp may be from now.</summary>
    /// <remarks>Slack's documented replay window.</remarks>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private const string Version = "v0";

    /// <summary>Checks one request. <paramref name="body"/> must be the raw bytes, before any form or JSON parsing.</summary>
    public SignatureCheck Verify(string? timestamp, string? signature, ReadOnlySpan<byte> body)
    {
        if (string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signature)
            || !long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return SignatureCheck.Missing;
        }

        var age = time.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253_402_300_799));
        if (age.Duration() > MaxAge)
        {
            return SignatureCheck.Stale;
        }

        var expected = Sign(timestamp, body);
        var given = Encoding.ASCII.GetBytes(signature);
        return CryptographicOperations.FixedTimeEquals(expected, given) ? SignatureCheck.Valid : SignatureCheck.Mismatch;
    }

    /// <summary>The signature Slack would send for <paramref name="body"/> at <paramref name="timestamp"/>, as ASCII bytes.</summary>
    public byte[] Sign(string timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{Version}:{timestamp}:");
        var baseString = new byte[prefix.Length + body.Length];
        prefix.CopyTo(baseString, 0);
        body.CopyTo(baseString.AsSpan(prefix.Length));

        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(options.Value.SigningSecret), baseString);
        return Encoding.ASCII.GetBytes($"{Version}={Convert.ToHexStringLower(hash)}");
    }
}
