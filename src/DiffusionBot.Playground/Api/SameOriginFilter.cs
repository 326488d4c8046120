using Microsoft.AspNetCore.Http;

namespace DiffusionBot.Playground.Api;

/// <summary>
/// Refuses posts sent by another site's page from the user's browser (a form can post multipart across origins
/// without a preflight). Requests without an <c>Origin</c> header (tools, tests) pass.
/// </summary>
internal sealed class SameOriginFilter : IEndpointFilter
{
    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var request = context.HttpContext.Request;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0
            && (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || !string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase)))
        {
            return ValueTask.FromResult<object?>(Results.StatusCode(StatusCodes.Status403Forbidden));
        }

        return next(context);
    }
}
