using DiffusionBot.Chat.Jobs;
using DiffusionBot.TestSupport;
using Microsoft.Extensions.Time.Testing;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>What the job's previews show, on the demo model (it paints what the prompt names).</summary>
public sealed class GenerateImagesJobPreviewTests : IDisposable
{
    // A fake clock fires the throttle's due-now timer inside Offer, so the step-1 preview is sent before step 2 runs.
    private readonly JobsHarness _bot = new(
        folder => new JobsOptions { ConnectionString = $"Data Source={Path.Combine(folder, "bot.db")}" },
        new FakeTimeProvider(DateTimeOffset.UtcNow));

    [Fact]
    public async Task RunAsync_ShowsTheFinishedColourInTheFirstPreview_WhenThePromptIsRed()
    {
        var queued = await _bot.QueueAsync("red --size 64x64 --steps 20 --seed 3");

        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        Assert.True(_bot.Channel.PreviewSteps.TryPeek(out var step), "no preview was shown");
        Assert.Equal(1, step);
        Assert.True(_bot.Channel.PreviewJpegs.TryPeek(out var jpeg));
        Assert.True(Colours.IsRed(jpeg), $"the preview at step 1 of 20 has mean colour {Colours.Mean(jpeg)}");
        Assert.Single(_bot.Channel.Results);
    }

    [Fact]
    public async Task Cancel_StopsTheRenderWithinAStep()
    {
        var queued = await _bot.QueueAsync("blue --size 64x64 --steps 50 --seed 3");
        const int cancelAt = 3;
        _bot.Channel.OnPreview = () =>
        {
            if (_bot.Channel.PreviewSteps.Count == cancelAt)
            {
                Assert.IsType<DispatchOutcome.Answered>(_bot.Dispatcher.DispatchAsync(new Chat.Commands.Cancel(JobsHarness.Origin()), CancellationToken.None).AsTask().Result);
            }
        };

        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        // Every step before the cancel showed its preview, so a step that ran after it would show too.
        var shown = _bot.Channel.PreviewSteps.ToList();
        Assert.Equal(Enumerable.Range(1, cancelAt), shown.Take(cancelAt));
        Assert.InRange(shown.Max(), cancelAt, cancelAt + 1);
        Assert.Equal(Chat.Storage.RequestStatus.Cancelled, _bot.Requests.Status(queued.RequestId));
        Assert.Empty(_bot.Channel.Results);
    }

    public void Dispose() => _bot.Dispose();
}
