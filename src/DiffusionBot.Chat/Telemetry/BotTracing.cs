using System.Diagnostics;

namespace DiffusionBot.Chat.Telemetry;

/// <summary>
/// One trace per request: the adapter's event, dispatch, the job, the render and the post. The job runs
/// later and maybe in another process, so the dispatcher stores the W3C <c>traceparent</c> with the
/// request and the job continues that trace from it.
/// </summary>
public static class BotTracing
{
    public const string SourceName = "DiffusionBot";

    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>The current trace as a W3C <c>traceparent</c>, or null when nothing is being traced.</summary>
    public static string? CurrentTraceParent() => Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Starts the job's span as a child of the dispatch that stored <paramref name="traceParent"/>.</summary>
    public static Activity? StartJob(string? traceParent, string requestId)
    {
        var parent = traceParent is not null && ActivityContext.TryParse(traceParent, null, out var context) ? context : default;
        var activity = Source.StartActivity("job", ActivityKind.Consumer, parent);
        activity?.SetTag("diffusionbot.request_id", requestId);
        return activity;
    }
}
