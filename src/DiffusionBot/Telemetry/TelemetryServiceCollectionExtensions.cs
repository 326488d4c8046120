using DiffusionBot.Chat.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace DiffusionBot.Telemetry;

/// <summary>
/// OpenTelemetry for the host: the bot's meter and ASP.NET Core/HttpClient figures, scraped by Prometheus at
/// <c>/metrics</c>; with <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, metrics and the request traces also go out over OTLP.
/// </summary>
internal static class TelemetryServiceCollectionExtensions
{
    public const string MetricsPath = "/metrics";
    public const string OtlpEndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static IServiceCollection AddBotTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = !string.IsNullOrWhiteSpace(configuration[OtlpEndpointKey]);
        services.AddSingleton<QueueDepthGauge>();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("diffusionbot"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(BotMetrics.MeterName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });

        // Traces only go somewhere over OTLP; without a collector no span is even created.
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(BotTracing.SourceName).AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddOtlpExporter());
        }

        return services;
    }

    /// <summary>Serves <c>/metrics</c> and starts the queue-depth gauge.</summary>
    public static WebApplication MapBotTelemetry(this WebApplication app)
    {
        app.Services.GetRequiredService<QueueDepthGauge>();
        app.MapPrometheusScrapingEndpoint(MetricsPath);
        return app;
    }
}
