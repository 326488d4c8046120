using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DiffusionBot.Chat.Telemetry;

/// <summary>
/// The bot's meter: every figure an operator watches, named the Prometheus way once exported
/// (<c>diffusionbot.render.duration</c> with unit <c>s</c> becomes <c>diffusionbot_render_duration_seconds</c>).
/// Adapters record their acks and 429s here too, tagged with the platform, so one dashboard panel covers all.
/// </summary>
public static class BotMetrics
{
    public const string MeterName = "DiffusionBot";

    private static readonly double[] FastSeconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];
    private static readonly double[] SlowSeconds = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600];
    private static readonly double[] StepRates = [0.1, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000];

    public static readonly Meter Meter = new(MeterName);

    /// <summary>Requests the dispatcher saved and queued, by kind (imagine, vary, reroll, img2img).</summary>
    public static readonly Counter<long> Queued = Meter.CreateCounter<long>("diffusionbot.requests.queued", description: "Requests saved and queued for a GPU worker.");

    /// <summary>Requests that ended with an error the user was told about, by reason.</summary>
    public static readonly Counter<long> Failed = Meter.CreateCounter<long>("diffusionbot.requests.failed", description: "Requests that failed, by reason.");

    /// <summary>Requests whose result was posted.</summary>
    public static readonly Counter<long> Completed = Meter.CreateCounter<long>("diffusionbot.requests.completed", description: "Requests whose result was posted.");

    /// <summary>Commands refused because of a channel's quota (images used up, turned off, steps or pixels capped).</summary>
    public static readonly Counter<long> QuotaRefusals = Meter.CreateCounter<long>("diffusionbot.quota.refusals", description: "Commands refused by a quota.");

    /// <summary>Time from a request being saved to a worker claiming it.</summary>
    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram("diffusionbot.queue.wait", "s", "Time a request waited before a worker took it.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SlowSeconds });

    /// <summary>Wall time of one render (all images of a request), by model and size.</summary>
    public static readonly Histogram<double> RenderDuration = Meter.CreateHistogram("diffusionbot.render.duration", "s", "Time to render one request, by model and size.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SlowSeconds });

    /// <summary>Denoising steps per second of one render (UNet calls over the render's wall time), by model.</summary>
    public static readonly Histogram<double> StepsPerSecond = Meter.CreateHistogram<double>("diffusionbot.denoising.steps_per_second", description: "Denoising steps per second of a render, by model.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = StepRates });

    /// <summary>Preview edits that reached the chat.</summary>
    public static readonly Counter<long> PreviewsSent = Meter.CreateCounter<long>("diffusionbot.previews.sent", description: "Preview edits sent to the chat.");

    /// <summary>Previews never shown: replaced by a newer one while waiting, left over at the end, or refused by the platform.</summary>
    public static readonly Counter<long> PreviewsDropped = Meter.CreateCounter<long>("diffusionbot.previews.dropped", description: "Previews superseded, left over or refused.");

    /// <summary>Time from a platform event arriving to its acknowledgement leaving, by platform (its count is the number of acks).</summary>
    public static readonly Histogram<double> AckDuration = Meter.CreateHistogram("diffusionbot.ack.duration", "s", "Time to acknowledge a platform event, by platform.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FastSeconds });

    /// <summary>HTTP 429 answers from a platform's API, by platform.</summary>
    public static readonly Counter<long> RateLimited = Meter.CreateCounter<long>("diffusionbot.rate_limited", description: "429 answers from a chat platform's API.");

    /// <summary>Rows the retention purge removed, by table.</summary>
    public static readonly Counter<long> Purged = Meter.CreateCounter<long>("diffusionbot.retention.purged", description: "Rows removed by the retention purge, by table.");

    /// <summary>Records an ack that took from <paramref name="receivedTimestamp"/> (a <see cref="Stopwatch"/> timestamp) until now.</summary>
    public static void RecordAck(string platform, long receivedTimestamp) =>
        AckDuration.Record(Stopwatch.GetElapsedTime(receivedTimestamp).TotalSeconds, new KeyValuePair<string, object?>("platform", platform));

    /// <summary>Counts one 429 from <paramref name="platform"/>.</summary>
    public static void RecordRateLimited(string platform) => RateLimited.Add(1, new KeyValuePair<string, object?>("platform", platform));
}
