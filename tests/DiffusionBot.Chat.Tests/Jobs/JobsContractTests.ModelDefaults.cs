using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Diffusion.Imaging;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>Per-model defaults (<c>diffusionbot.json</c>) seen from chat: <c>/info</c> shows them and a job uses them.</summary>
public abstract partial class JobsContractTests
{
    [Fact]
    public async Task Info_ShowsTheModelsDefaults_WhenItsFolderSetsThem()
    {
        WriteDemoDefaults("""{"steps": 3, "size": "64x64", "negative_prompt": "blue"}""");

        var outcome = await _bot.Dispatcher.DispatchAsync(new Info(JobsHarness.Origin()), CancellationToken.None);

        Assert.Contains("Models: demo [sd15; 3 steps, 64x64, negative prompt \"blue\"] (default demo)", Assert.IsType<DispatchOutcome.Answered>(outcome).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Job_UsesTheModelsDefaults_WhereTheUserSetNothing()
    {
        WriteDemoDefaults("""{"steps": 3, "size": "64x64", "negative_prompt": "blue"}""");

        var defaulted = await _bot.QueueAsync("red");
        var overridden = await _bot.QueueAsync("red --steps 2 --no green", user: "u2");
        await _bot.Job().RunAsync(defaulted.RequestId, CancellationToken.None);
        await _bot.Job().RunAsync(overridden.RequestId, CancellationToken.None);

        var parameters = _bot.Channel.Results.Select(r => PngWithParameters.Read(r.Images[0].Png.ToArray())).ToList();
        Assert.Contains(parameters, p => p!.Contains("Negative prompt: blue\nSteps: 3,", StringComparison.Ordinal) && p.Contains("Size: 64x64", StringComparison.Ordinal));
        Assert.Contains(parameters, p => p!.Contains("Negative prompt: green\nSteps: 2,", StringComparison.Ordinal) && p.Contains("Size: 64x64", StringComparison.Ordinal));
    }

    private void WriteDemoDefaults(string json) =>
        File.WriteAllText(Path.Combine(_bot.Engine.ModelsPath, "demo", Diffusion.Models.ModelDefaults.FileName), json);
}
