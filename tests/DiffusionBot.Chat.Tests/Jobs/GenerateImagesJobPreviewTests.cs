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

    public void Dispose() => _bot.Dispose();
}
