using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>LoRAs seen from chat: applied by name, recorded as A1111 records them, unknown names refused, listed by /info.</summary>
public abstract partial class JobsContractTests
{
    [Fact]
    public async Task Job_AppliesALoraNamedInThePrompt_AndRecordsItInTheParameters()
    {
        var queued = await _bot.QueueAsync("red <lora:red-to-blue:1> --size 64x64 --steps 20 --seed 1");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var post = Assert.Single(_bot.Channel.Results);
        var png = post.Images[0].Png.ToArray();
        var (r, _, b) = Colours.Mean(png);
        Assert.True(b > r + 100, $"red with red-to-blue:1 should paint blue, got R {r:F0} B {b:F0}");
        Assert.StartsWith("red <lora:red-to-blue:1>\n", PngWithParameters.Read(png), StringComparison.Ordinal);
        Assert.Contains(", Lora hashes: \"red-to-blue: ", PngWithParameters.Read(png), StringComparison.Ordinal);
        Assert.StartsWith("red <lora:red-to-blue:1>", post.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imagine_RefusesAnUnknownLora_ListingTheAvailableOnes()
    {
        var outcome = await _bot.Dispatcher.DispatchAsync(_bot.Imagine("red --lora sparkles:0.7"), CancellationToken.None);

        Assert.Equal("Sorry, there is no LoRA called 'sparkles'; available: red-to-blue.", Assert.IsType<DispatchOutcome.Refused>(outcome).Message);
    }

    [Fact]
    public async Task Info_ListsTheLoras()
    {
        var outcome = await _bot.Dispatcher.DispatchAsync(new Info(JobsHarness.Origin()), CancellationToken.None);

        Assert.Contains("LoRAs: red-to-blue.", Assert.IsType<DispatchOutcome.Answered>(outcome).Message, StringComparison.Ordinal);
    }
}
