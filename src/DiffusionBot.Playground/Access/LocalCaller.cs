using System.Net;
using Microsoft.AspNetCore.Http;

namespace DiffusionBot.Playground.Access;

/// <summary>Whether a request came straight from this machine: a loopback connection that no proxy forwarded.</summary>
/// <remarks>
/// A reverse proxy on the same host connects over loopback too, so a request carrying <c>Forwarded</c>,
/// <c>X-Forwarded-For</c> or <c>X-Real-IP</c> counts as remote, whoever it claims to be from.
/// </remarks>
public static class LocalCaller
{
    public static bool Is(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var remote = context.Connection.RemoteIpAddress;
        var headers = context.Request.Headers;
        return remote is not null
            && IPAddress.IsLoopback(remote.IsIPv4MappedToIPv6 ? remote.MapToIPv4() : remote)
            && !headers.ContainsKey("Forwarded")
            && !headers.ContainsKey("X-Forwarded-For")
            && !headers.ContainsKey("X-Real-IP");
    }
}
