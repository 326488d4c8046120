using Microsoft.AspNetCore.Http;

namespace DiffusionBot.Playground.Api;

/// <summary>
/// Refuses API calls that another site's page makes from the user's browser: a form can post multipart across origins
/// without a preflight, and an <c>&lt;img&gt;</c> or <c>EventSource</c> can read across origins. Browsers say where a request
/// comes from in <c>Origin</c> (cross-origin reads and every post) and <c>Sec-Fetch-Site</c> (every request of a modern
/// browser); a request with neither (tools, tests) passes.
/// </summary>
internal sealed class SameOriginFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var origin = request.Headers.Origin.ToString();
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        var foreignOrigin = origin.Length > 0
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));

        // "none" is the user opening the URL themselves (address bar, bookmark).
        var foreignSite = site.Length > 0 && site is not ("same-origin" or "none");
        return foreignOrigin || foreignSite
            ? ValueTask.FromResult<object?>(Results.StatusCode(StatusCodes.Status403Forbidden))
            : next(context);
    }
}
