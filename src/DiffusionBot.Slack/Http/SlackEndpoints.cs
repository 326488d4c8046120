using System.Text;
using System.Text.Json;
using DiffusionBot.Slack.Events;
using DiffusionBot.Slack.Hosting;
using DiffusionBot.Slack.Mapping;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DiffusionBot.Slack.Http;

/// <summary>
/// HTTP mode's request URLs: <c>/slack/commands</c>, <c>/slack/interactivity</c>, <c>/slack/events</c>. Each reads the raw body,
/// checks its signature (constant time, 5-minute window) before parsing anything, answers 200 at once and leaves the work
/// to run in the background.
/// </summary>
public static class SlackEndpoints
{
    /// <summary>The largest body accepted; Slack's payloads are a few kilobytes.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>The request URL path of the slash commands.</summary>
    public const string CommandsPath = "/slack/commands";

    /// <summary>The request URL path of interactivity (button presses).</summary>
    public const string InteractivityPath = "/slack/interactivity";

    /// <summary>The request URL path of the Events API.</summary>
    public const string EventsPath = "/slack/events";

    /// <summary>Maps the three request URLs when Slack is configured for HTTP mode; otherwise maps nothing.</summary>
    public static IEndpointRouteBuilder MapSlack(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<IOptions<SlackOptions>>().Value;
        if (!options.IsEnabled || options.Mode != SlackMode.Http)
        {
            return endpoints;
        }

        endpoints.MapPost(CommandsPath, (Func<HttpContext, Task<IResult>>)(context => HandleAsync(context, static (body, services) =>
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            if (SlashCommand.From(name => form.TryGetValue(name, out var value) ? value.ToString() : null) is not { } command)
            {
                return false;
            }

            var mapper = services.GetRequiredService<SlackCommandMapper>();
            services.GetRequiredService<SlackBackgroundWork>().Run("slash command", token => mapper.HandleSlashCommandAsync(command, token));
            return true;
        })));

        endpoints.MapPost(InteractivityPath, (Func<HttpContext, Task<IResult>>)(context => HandleAsync(context, static (body, services) =>
        {
            var form = QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body));
            if (!form.TryGetValue("payload", out var json) || JsonSerializer.Deserialize(json.ToString(), SlackJsonContext.Default.BlockActions) is not { } actions)
            {
                return false;
            }

            var mapper = services.GetRequiredService<SlackCommandMapper>();
            services.GetRequiredService<SlackBackgroundWork>().Run("interaction", token => mapper.HandleBlockActionsAsync(actions, token));
            return true;
        })));

        endpoints.MapPost(EventsPath, (Func<HttpContext, Task<IResult>>)(context => HandleAsync(context, static (body, services) =>
        {
            if (JsonSerializer.Deserialize(body, SlackJsonContext.Default.EventCallback) is not { } callback)
            {
                return false;
            }

            var mapper = services.GetRequiredService<SlackCommandMapper>();
            services.GetRequiredService<SlackBackgroundWork>().Run("event", token => mapper.HandleEventAsync(callback, token));
            return true;
        })));

        return endpoints;
    }

    private static async Task<IResult> HandleAsync(HttpContext context, Func<byte[], IServiceProvider, bool> accept)
    {
        var services = context.RequestServices;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SlackEndpoints));
        var path = context.Request.Path.Value ?? "";
        if (context.Request.ContentLength > MaxBodyBytes)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var body = await ReadBodyAsync(context.Request, context.RequestAborted).ConfigureAwait(false);
        if (body is null)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }

        var check = services.GetRequiredService<SlackRequestVerifier>().Verify(
            context.Request.Headers[SlackRequestVerifier.TimestampHeader].FirstOrDefault(),
            context.Request.Headers[SlackRequestVerifier.SignatureHeader].FirstOrDefault(),
            body);
        if (check != SignatureCheck.Valid)
        {
            logger.RequestRefused(path, check.ToString());
            return Results.Unauthorized();
        }

        if (UrlVerification.TryGetChallenge(body, out var challenge))
        {
            return Results.Text(challenge, "text/plain");
        }

        try
        {
            if (!accept(body, services))
            {
                logger.PayloadMalformed(null, path);
                return Results.BadRequest();
            }
        }
        catch (JsonException exception)
        {
            logger.PayloadMalformed(exception, path);
            return Results.BadRequest();
        }

        // An empty 200 is the ack; the answer follows through the Web API.
        return Results.Ok();
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }
}
