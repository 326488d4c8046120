using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>Textual-inversion embeddings seen from chat: the demo's goldleaf used by name, recorded as A1111 records it, listed by /info.</summary>
public abstract partial class JobsContractTests
{
    [Fact]
    public async Task Job_UsesAnEmbeddingNamedInThePrompt_AndRecordsItsTiHash()
    {
        var queued = await _bot.QueueAsync($"{DemoEmbeddingForge.Name} --size 64x64 --steps 20 --seed 1");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var png = Assert.Single(_bot.Channel.Results).Images[0].Png.ToArray();
        var (r, g, b) = Colours.Mean(png);
        Assert.True(r > 150 && g > 150 && b < 90, $"goldleaf holds yellow's vector, got R {r:F0} G {g:F0} B {b:F0}");
        Assert.Contains($", TI hashes: \"{DemoEmbeddingForge.Name}: ", PngWithParameters.Read(png), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Info_ListsTheEmbeddings()
    {
        var outcome = await _bot.Dispatcher.DispatchAsync(new Info(JobsHarness.Origin()), CancellationToken.None);

        Assert.Contains($"Embeddings (write the name in the prompt or after --no): {DemoEmbeddingForge.Name}.", Assert.IsType<DispatchOutcome.Answered>(outcome).Message, StringComparison.Ordinal);
    }
}
