using System.Collections.Concurrent;
using DiffusionBot.Chat.Storage;

namespace DiffusionBot.Chat.Tests.Storage;

public sealed class WriteCombinerTests
{
    [Theory]
    [InlineData(64, new[] { 1, 31 })]
    [InlineData(8, new[] { 1, 8, 8, 8, 7 })]
    public async Task Run_WritesWhatQueuedMeanwhileInBatchesOfAtMostMax_AndEveryCallerGetsItsOwnResult(int maxBatch, int[] expectedBatches)
    {
        var batches = new ConcurrentQueue<int>();
        using var firstIsWriting = new ManualResetEventSlim();
        WriteCombiner<int, string>? combiner = null;
        combiner = new WriteCombiner<int, string>(
            batch =>
            {
                if (batches.IsEmpty)
                {
                    firstIsWriting.Set();
                    SpinWait.SpinUntil(() => combiner!.Waiting == 31, TimeSpan.FromSeconds(30));
                }

                batches.Enqueue(batch.Count);
                return [.. batch.Select(n => $"#{n}")];
            },
            maxBatch);

        var first = Task.Factory.StartNew(() => combiner.Run(0), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        Assert.True(firstIsWriting.Wait(TimeSpan.FromSeconds(30)));
        var rest = Enumerable.Range(1, 31).Select(n => Task.Factory.StartNew(() => combiner.Run(n), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
        var results = await Task.WhenAll([first, .. rest]);

        Assert.Equal(Enumerable.Range(0, 32).Select(n => $"#{n}"), results);
        Assert.Equal(expectedBatches, batches);
    }

    [Fact]
    public async Task Run_FailsTheCallersOfAFailedBatchOnly_AndTheNextCallerStillWrites()
    {
        var combiner = new WriteCombiner<string, string>(
            batch => batch.Contains("bad") ? throw new InvalidOperationException("disk full") : [.. batch.Select(s => s.ToUpperInvariant())],
            maxBatch: 64);

        var failure = Assert.Throws<InvalidOperationException>(() => combiner.Run("bad"));
        var after = await Task.Run(() => combiner.Run("good"));

        Assert.Equal("disk full", failure.Message);
        Assert.Equal("GOOD", after);
    }
}
