using DiffusionBot.Chat.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Metrics;

namespace DiffusionBot.Benchmarks.Telemetry;

/// <summary>
/// The bot's metrics switched on during a benchmark as production switches them on: the OpenTelemetry SDK listens to
/// the bot's meter and HttpClient, aggregates every measurement as it is recorded, and a reader collects everything
/// every <see cref="ScrapeInterval"/> (as a Prometheus scrape would) into an exporter that walks every point.
/// </summary>
internal sealed class MetricsOn : IDisposable
{
    /// <summary>Prometheus' default scrape interval is a minute; scraping far more often only makes the figures stricter.</summary>
    public static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(5);

    /// <summary>Put in each report's <c>method</c>.</summary>
    public const string Method =
        "Metrics on: the bot's meter and HttpClient instrumentation aggregated by the OpenTelemetry SDK, collected every 5 s by a periodic reader whose exporter walks every metric point. ";

    private readonly MeterProvider _provider;
    private readonly PointCounter _points = new();

    private MetricsOn()
    {
        _provider = Sdk.CreateMeterProviderBuilder()
            .AddMeter(BotMetrics.MeterName)
            .AddHttpClientInstrumentation()
            .AddReader(new PeriodicExportingMetricReader(_points, (int)ScrapeInterval.TotalMilliseconds))
            .Build();
    }

    /// <summary>Metric points exported so far: proof that collection ran.</summary>
    public long PointsExported => _points.Points;

    public static MetricsOn Start() => new();

    public void Dispose() => _provider.Dispose();

    private sealed class PointCounter : BaseExporter<Metric>
    {
        private long _points;

        public long Points => Interlocked.Read(ref _points);

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                foreach (ref readonly var point in metric.GetMetricPoints())
                {
                    _ = point.StartTime;
                    Interlocked.Increment(ref _points);
                }
            }

            return ExportResult.Success;
        }
    }
}
