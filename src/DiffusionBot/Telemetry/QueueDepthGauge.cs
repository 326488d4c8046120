using System.Diagnostics.Metrics;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Chat.Telemetry;

namespace DiffusionBot.Telemetry;

/// <summary>
/// <c>diffusionbot_queue_depth</c>: requests waiting for a worker, read from the database at each scrape, so every
/// process reports the same shared queue whatever it ran itself.
/// </summary>
internal sealed class QueueDepthGauge
{
    public QueueDepthGauge(IMeterFactory meters, RequestStore requests)
    {
        var meter = meters.Create(BotMetrics.MeterName);
        meter.CreateObservableGauge("diffusionbot.queue.depth", requests.QueuedCount, description: "Requests waiting for a GPU worker.");
    }
}
