using DiffusionBot.Playground.Access;
using DiffusionBot.Playground.Api;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Playground;

/// <summary>Maps the playground page and its API (nothing when <see cref="PlaygroundOptions.Enabled"/> is off).</summary>
public static class PlaygroundEndpointRouteBuilderExtensions
{
    /// <remarks>
    /// <c>GET /</c> the page; <c>POST /api/messages</c>, <c>/api/actions</c>, <c>/api/img2img</c>; <c>GET /api/events</c>
    /// (Server-Sent Events); <c>GET /api/images/{messageId}/{n}</c>. All of it answers loopback callers only unless
    /// <see cref="PlaygroundOptions.Password"/> is set, and the API only same-origin requests.
    /// </remarks>
    public static IEndpointRouteBuilder MapPlayground(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        if (!endpoints.ServiceProvider.GetRequiredService<IOptions<PlaygroundOptions>>().Value.Enabled)
        {
            return endpoints;
        }

        var site = endpoints.MapGroup("").AddEndpointFilter<PlaygroundAccessFilter>();
        site.MapGet("/", () => PageEndpoints.Asset("index.html", "text/html; charset=utf-8"));
        site.MapGet("/playground.js", () => PageEndpoints.Asset("playground.js", "text/javascript; charset=utf-8"));
        site.MapGet("/playground.css", () => PageEndpoints.Asset("playground.css", "text/css; charset=utf-8"));

        // Reads too: another site's page must not watch the channel or embed its images from the user's browser.
        var api = site.MapGroup("/api").AddEndpointFilter<SameOriginFilter>();
        api.MapGet("/events", EventStream.StreamAsync);
        api.MapGet("/images/{messageId:long}/{index:int}", PageEndpoints.Image);
        api.MapPost("/messages", MessageEndpoints.PostMessageAsync);
        api.MapPost("/actions", MessageEndpoints.PostActionAsync);
        api.MapPost("/img2img", MessageEndpoints.PostImg2ImgAsync).DisableAntiforgery();
        return endpoints;
    }
}
