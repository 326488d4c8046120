using System.Text.Json.Nodes;
using DiffusionBot.Chat.Storage;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Discord.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>Autocomplete (interaction type 4) on /imagine: model, LoRA and embedding names suggested as the user types, answered with type 8.</summary>
public sealed partial class DiscordAdapterTests
{
    [Fact]
    public async Task LoraOption_SuggestsTheModelsLoras_KeepingATypedWeight()
    {
        var interaction = await AnsweredAsync(await bot.AutocompleteAsync("lora", "blue:0.6"));

        Assert.Equal(8, interaction.AckType);
        Assert.Equal([("red-to-blue:0.6", "red-to-blue:0.6")], interaction.Choices);
    }

    [Fact]
    public async Task NegativeOption_CompletesTheLastWordToAnEmbedding_AndOffersAllWhenEmpty()
    {
        var typed = await AnsweredAsync(await bot.AutocompleteAsync("negative", "blurry, GOLD"));
        var empty = await AnsweredAsync(await bot.AutocompleteAsync("negative", ""));

        Assert.Equal(["blurry, " + DemoEmbeddingForge.Name], typed.Choices!.Select(c => c.Value));
        Assert.Equal([DemoEmbeddingForge.Name], empty.Choices!.Select(c => c.Value));
    }

    [Fact]
    public async Task PromptOption_CompletesALoraTag_AndStaysQuietOnPlainWords()
    {
        var tag = await AnsweredAsync(await bot.AutocompleteAsync("prompt", "a castle <lora:re"));
        var plain = await AnsweredAsync(await bot.AutocompleteAsync("prompt", "a castle at dusk"));

        Assert.Equal(["a castle <lora:red-to-blue:1>"], tag.Choices!.Select(c => c.Value));
        Assert.Empty(plain.Choices!);
    }

    [Fact]
    public async Task ACompletionPastDiscordsHundredCharacters_IsNotOffered()
    {
        var interaction = await AnsweredAsync(await bot.AutocompleteAsync("negative", new string('x', 92) + ", gold"));

        Assert.Equal(8, interaction.AckType);
        Assert.Empty(interaction.Choices!);
    }

    [Fact]
    public async Task ModelOption_SuggestsModelFolders()
    {
        var interaction = await AnsweredAsync(await bot.AutocompleteAsync("model", "DE"));

        Assert.Contains(("demo", "demo"), interaction.Choices!);
    }

    [Fact]
    public async Task ImagineWithTheLoraOption_AppliesItAndRecordsIt()
    {
        var grid = await GridAsync(await bot.ImagineAsync($"red {Tiny}", userId: 1103, [new JsonObject { ["name"] = "lora", ["type"] = 3, ["value"] = "red-to-blue:0.8" }]));

        var png = bot.Services.GetRequiredService<ResultStore>().Images(ResultId(grid))[0].Png.ToArray();
        Assert.Contains("<lora:red-to-blue:0.8>", PngWithParameters.Read(png), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_RegistersAutocompleteOnTheFreeTextOptions_AndNeverBesideChoices()
    {
        await DiscordBotFixture.WaitUntilAsync(() => Fake.Rest.Requests.Any(r => r.Method == "PUT" && r.Path.EndsWith("/commands", StringComparison.Ordinal)), "the registration");

        var registration = Fake.Rest.Requests.First(r => r.Method == "PUT" && r.Path.EndsWith("/commands", StringComparison.Ordinal));
        var imagine = JsonNode.Parse(registration.Body)!.AsArray().Single(c => c!["name"]!.GetValue<string>() == "imagine")!;
        var autocompleted = imagine["options"]!.AsArray().Where(o => o!["autocomplete"]?.GetValue<bool>() == true).ToList();
        Assert.Equal(["prompt", "negative", "model", "lora"], autocompleted.Select(o => o!["name"]!.GetValue<string>()));
        Assert.All(autocompleted, o => Assert.Null(o!["choices"]));
    }

    private async Task<FakeInteraction> AnsweredAsync(string token)
    {
        var interaction = Guild.Interaction(token);
        await DiscordBotFixture.WaitUntilAsync(() => interaction.AckType is not null, "the autocomplete answer");
        return interaction;
    }
}
