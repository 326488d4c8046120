using DiffusionBot.Chat.Storage;
using DiffusionBot.Diffusion.Imaging;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>LoRAs typed into /imagine on Discord: applied and recorded, or an unknown name refused in an ephemeral follow-up.</summary>
public sealed partial class DiscordAdapterTests
{
    [Fact]
    public async Task ImagineWithALoraTag_PostsAnImageWhoseParametersRecordIt()
    {
        var grid = await GridAsync(await bot.ImagineAsync($"red <lora:red-to-blue:0.8> {Tiny}", userId: 1101));

        var png = bot.Services.GetRequiredService<ResultStore>().Images(ResultId(grid))[0].Png.ToArray();
        Assert.StartsWith("red <lora:red-to-blue:0.8>\n", PngWithParameters.Read(png), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImagineWithAnUnknownLora_IsRefusedEphemerally_ListingTheAvailableOnes()
    {
        const string refusal = "Sorry, there is no LoRA called 'sparkles'; available: red-to-blue.";

        await bot.ImagineAsync("red --lora sparkles", userId: 1102);

        // The dispatcher refuses after the ack: the working status is deleted and the refusal is an ephemeral follow-up.
        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Any(m => m.Content == refusal), "refusal");
        Assert.Equal(64, Guild.Messages.Single(m => m.Content == refusal).Flags);
    }
}
