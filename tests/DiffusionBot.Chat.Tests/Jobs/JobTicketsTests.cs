using System.Collections.Concurrent;
using System.Diagnostics;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Telemetry;
using Hangfire.Common;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>
/// Each queue job names the request it actually ran (the fair order may give a job another user's request), and the
/// request's trace runs from the platform event through dispatch into the job, its render and its post.
/// </summary>
public sealed class JobTicketsTests : IDisposable
{
    private const string PlatformName = "DiffusionBot.Tests.Platform";
    private static readonly ActivitySource Platform = new(PlatformName);
    private readonly JobsHarness _bot = new(folder => new JobsOptions { ConnectionString = $"Data Source={Path.Combine(folder, "bot.db")}" });

    [Fact]
    public async Task RunAsync_BindsItsTicketToTheRequestItRan_AndItsRequestToTheWaitingJob_WhenTheFairOrderPicksAnother()
    {
        var a1 = (await _bot.QueueAsync("red --size 64x64 --steps 2", user: "a")).RequestId;
        var a2 = (await _bot.QueueAsync("a green field --size 64x64 --steps 2", user: "a")).RequestId;
        var b1 = (await _bot.QueueAsync("a blue circle --size 64x64 --steps 2", user: "b")).RequestId;
        Assert.Equal(a1, (await _bot.Job().RunAsync(a1, CancellationToken.None)).RequestId);

        // The job queued for a2 starts next, but b has waited without a turn: it runs b1.
        var outcome = await _bot.Job().RunAsync(a2, CancellationToken.None);

        Assert.Equal(b1, outcome.RequestId);
        Assert.Equal(b1, _bot.Requests.ForTicket(a2)?.Id);
        Assert.Equal(a2, _bot.Requests.ForTicket(b1)?.Id);
        Assert.Equal(a2, _bot.JobIdOf(b1));
        Assert.Equal(b1, _bot.JobIdOf(a2));
        var labels = new JobLabels(_bot.Requests);
        Assert.Contains("“a blue circle”", labels.Describe(Job.FromExpression<GenerateImagesJob>(j => j.RunAsync(a2, CancellationToken.None))), StringComparison.Ordinal);
        Assert.Contains("“a green field”", labels.Describe(Job.FromExpression<GenerateImagesJob>(j => j.RunAsync(b1, CancellationToken.None))), StringComparison.Ordinal);
        Assert.Equal(a2, (await _bot.Job().RunAsync(b1, CancellationToken.None)).RequestId);
    }

    [Fact]
    public async Task RunAsync_LeavesTheCancelledRequestItWasQueuedFor_BoundToNoJob_WhenItRunsAnother()
    {
        var cancelled = (await _bot.QueueAsync("red --size 64x64 --steps 2", user: "a")).RequestId;
        var other = (await _bot.QueueAsync("a blue circle --size 64x64 --steps 2", user: "b")).RequestId;
        Assert.IsType<DispatchOutcome.Answered>(await _bot.Dispatcher.DispatchAsync(new Chat.Commands.Cancel(JobsHarness.Origin("a")), CancellationToken.None));

        var outcome = await _bot.Job().RunAsync(cancelled, CancellationToken.None);

        Assert.Equal(other, outcome.RequestId);
        Assert.Equal(other, _bot.Requests.ForTicket(cancelled)?.Id);
        Assert.Null(_bot.Requests.ForTicket(other));
        Assert.Equal("GenerateImagesJob.RunAsync", new JobLabels(_bot.Requests).Describe(Job.FromExpression<GenerateImagesJob>(j => j.RunAsync(other, CancellationToken.None))));
    }

    [Fact]
    public async Task RunAsync_ContinuesTheTraceOfTheDispatch_ThroughRenderAndPost()
    {
        var spans = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is BotTracing.SourceName or PlatformName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Add,
        };
        ActivitySource.AddActivityListener(listener);
        string requestId;
        ActivityTraceId traceId;
        using (var platformEvent = Platform.StartActivity("platform.event"))
        {
            traceId = platformEvent!.TraceId;
            requestId = (await _bot.QueueAsync("red --size 64x64 --steps 2")).RequestId;
        }

        Assert.Null(Activity.Current);
        await _bot.Job().RunAsync(requestId, CancellationToken.None);

        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        var dispatch = Assert.Single(trace, s => s.OperationName == "dispatch");
        var job = Assert.Single(trace, s => s.OperationName == "job");
        Assert.Equal(dispatch.SpanId, job.ParentSpanId);
        Assert.Equal(requestId, job.GetTagItem("diffusionbot.request_id"));
        Assert.Equal(job.SpanId, Assert.Single(trace, s => s.OperationName == "render").ParentSpanId);
        Assert.Equal(job.SpanId, Assert.Single(trace, s => s.OperationName == "post").ParentSpanId);
    }

    public void Dispose() => _bot.Dispose();
}
