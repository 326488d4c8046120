using System.Text.Json;
using DiffusionBot.Chat.Storage;
using Microsoft.Extensions.DependencyInjection;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>The single-image message's Upscale 2×, Zoom Out, pan buttons and Vary (Region) select.</summary>
public sealed partial class DiscordAdapterTests
{
    [Fact]
    public async Task U1_PostsItsOwnMessage_WithUpscaleZoomPanButtonsAndARegionSelect_WhoseIdsCarryEverything()
    {
        var first = await GridAsync(await bot.ImagineAsync($"green {Tiny}", userId: 1011));
        var resultId = ResultId(first);

        await bot.PressAsync($"dbot:u:{resultId}:1", userId: 1011, threadId: first.Channel);

        // Other tests' single-image posts share the guild: this one is found by its result's id.
        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Any(m => m.Components?.Contains($"dbot:e:{resultId}:", StringComparison.Ordinal) == true), "the single-image post");
        var single = Guild.Messages.Last(m => m.Components?.Contains($"dbot:e:{resultId}:", StringComparison.Ordinal) == true);
        using var rows = JsonDocument.Parse(single.Components!);
        var components = rows.RootElement.EnumerateArray().SelectMany(r => r.GetProperty("components").EnumerateArray()).ToList();
        Assert.Equal(
            [$"dbot:e:{resultId}:1:vary:subtle", $"dbot:e:{resultId}:1:vary:strong", $"dbot:e:{resultId}:1:upscale", $"dbot:e:{resultId}:1:zoom:2", $"dbot:e:{resultId}:1:zoom:1.5", $"dbot:e:{resultId}:1:pan:left", $"dbot:e:{resultId}:1:pan:right", $"dbot:e:{resultId}:1:pan:up", $"dbot:e:{resultId}:1:pan:down", $"dbot:m:{resultId}:1"],
            components.Select(c => c.GetProperty("custom_id").GetString()));
        var select = components[^1];
        Assert.Equal(3, select.GetProperty("type").GetInt32());
        Assert.Equal(["region:centre", "region:left", "region:right", "region:top", "region:bottom"], select.GetProperty("options").EnumerateArray().Select(o => o.GetProperty("value").GetString()));
    }

    [Fact]
    public async Task ZoomOutButton_AndRegionSelect_OpenAFormWithThePrompt_ThenRepaintIntoTheSameThread_WithTheEditedPrompt()
    {
        var first = await GridAsync(await bot.ImagineAsync($"green {Tiny}", userId: 1012));
        var resultId = ResultId(first);
        var requests = bot.Services.GetRequiredService<RequestStore>();

        var zoomForm = await FormAsync(await bot.PressAsync($"dbot:e:{resultId}:1:zoom:2", userId: 1012, threadId: first.Channel));
        var regionForm = await FormAsync(await bot.SelectAsync($"dbot:m:{resultId}:1", "region:left", userId: 1012, threadId: first.Channel));
        var zoomed = await GridAsync(await bot.SubmitModalAsync(zoomForm.Id, "red", userId: 1012, threadId: first.Channel), thread: first.Channel);
        var region = await GridAsync(await bot.SubmitModalAsync(regionForm.Id, "yellow", userId: 1012, threadId: first.Channel), thread: first.Channel);

        Assert.Equal(($"dbot:e:{resultId}:1:zoom:2", "Zoom Out 2×: the prompt", "green"), zoomForm);
        Assert.Equal(($"dbot:e:{resultId}:1:region:left", "Left half: the prompt", "green"), regionForm);
        foreach (var (grid, edit, prompt) in new[] { (zoomed, "zoom:2", "red"), (region, "region:left", "yellow") })
        {
            var stored = requests.Get(ResultId(grid))!;
            Assert.Equal("edit", stored.Kind);
            Assert.Equal(resultId, stored.ParentId);
            Assert.Contains($"\"edit\":\"{edit}\"", stored.SpecJson, StringComparison.Ordinal);
            Assert.Contains($"\"prompt\":\"{prompt}\"", stored.SpecJson, StringComparison.Ordinal);
            using var image = Image.Load<Rgb24>(FirstPng(grid));
            Assert.Equal((64, 64), (image.Width, image.Height));
        }
    }

    /// <summary>The form the bot opened in answer (callback type 9): its id, title and the prompt it starts from.</summary>
    private async Task<(string Id, string Title, string Prompt)> FormAsync(string token)
    {
        var interaction = Guild.Interaction(token);
        await DiscordBotFixture.WaitUntilAsync(() => interaction.AckType is not null, "the form");
        Assert.Equal(9, interaction.AckType);
        using var form = JsonDocument.Parse(interaction.Modal!);
        var input = form.RootElement.GetProperty("components")[0].GetProperty("components")[0];
        return (form.RootElement.GetProperty("custom_id").GetString()!, form.RootElement.GetProperty("title").GetString()!, input.GetProperty("value").GetString()!);
    }
}
