using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace DiffusionBot.Health;

/// <summary>
/// <c>/healthz</c> says the process is alive (no checks: a liveness probe must not restart a process whose database is down);
/// <c>/readyz</c> says it can do its work — the jobs database answers, the default model is loaded (in a worker, its own;
/// in a chat-only process, some live worker's), every
/// configured chat adapter is connected — and names what is not (HTTP 503 and a JSON body with each check's reason).
/// </summary>
internal static class Readiness
{
    public const string Tag = "ready";

    /// <summary>How long one check may take before it counts as failed, so a probe always gets an answer.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddReadinessChecks(this IServiceCollection services, BotRoles roles)
    {
        var checks = services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [Tag], timeout: CheckTimeout);
        if (roles.Worker)
        {
            checks.AddCheck<DefaultModelHealthCheck>("default-model", tags: [Tag], timeout: CheckTimeout);
        }
        else
        {
            checks.AddCheck<WorkersHealthCheck>("workers", tags: [Tag], timeout: CheckTimeout);
        }

        if (roles.Chat)
        {
            checks.AddCheck<AdaptersHealthCheck>("adapters", tags: [Tag], timeout: CheckTimeout);
        }

        return services;
    }

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/healthz", () => Results.Text("ok"));
        endpoints.MapHealthChecks("/readyz", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Tag),
            ResponseWriter = WriteAsync,
        });
        return endpoints;
    }

    private static async Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("status", report.Status == HealthStatus.Healthy ? "ready" : "unready");
            json.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                json.WriteStartObject(name);
                json.WriteString("status", entry.Status.ToString());
                json.WriteString("reason", entry.Description ?? entry.Exception?.Message ?? "");
                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.ToArray(), context.RequestAborted).ConfigureAwait(false);
    }
}
