using DiffusionBot.Chat.Jobs;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Imaging;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>A1111 prompt syntax seen from chat: the prompt reaches the image as typed, and a cut prompt is told.</summary>
public abstract partial class JobsContractTests
{
    private static string LongPrompt => string.Join(' ', Enumerable.Repeat("photo", 149)) + " red";

    [Fact]
    public async Task Job_NotesHowManyTokensWereLeftOut_WhenTheModelTakesOne77TokenChunk()
    {
        DemoModelForge.Write(Path.Combine(_bot.Engine.ModelsPath, "short"), new DemoModelOptions { FixedPromptLength = 77 });

        var queued = await _bot.QueueAsync($"{LongPrompt} --model short --size 64x64 --steps 2");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var post = Assert.Single(_bot.Channel.Results);
        Assert.Equal(GenerateImagesJob.DroppedTokensNote(75), post.Note);
        Assert.Contains("the last 75 tokens of your prompt did not fit", post.Caption, StringComparison.Ordinal);
        Assert.StartsWith(LongPrompt, post.Caption, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_PostsNoNote_WhenTheModelTakesTheWholeLongPrompt()
    {
        var queued = await _bot.QueueAsync($"{LongPrompt} --size 64x64 --steps 2");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var post = Assert.Single(_bot.Channel.Results);
        Assert.Null(post.Note);
        Assert.Equal(post.PromptEcho, post.Caption);
    }

    [Fact]
    public async Task Job_WritesTheWeightedPromptAsTyped_IntoTheParameters()
    {
        const string prompt = @"(red:1.6) [blue] BREAK \(photo\) ((sky))";

        var queued = await _bot.QueueAsync($"{prompt} --no ((green)) --size 64x64 --steps 2");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var parameters = PngWithParameters.Read(Assert.Single(_bot.Channel.Results).Images[0].Png.ToArray());
        Assert.StartsWith(prompt + "\nNegative prompt: ((green))\n", parameters, StringComparison.Ordinal);
    }
}
