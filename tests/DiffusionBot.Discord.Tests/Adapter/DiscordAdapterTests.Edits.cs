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

        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Any(m => m.Components?.Contains("dbot:e:", StringComparison.Ordinal) == true), "the single-image post");
        var single = Guild.Messages.Last(m => m.Components?.Contains("dbot:e:", StringComparison.Ordinal) == true);
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
    public async Task ZoomOutButton_AndRegionSelect_RepaintIntoTheSameThread_AsEditsOfTheChosenImage()
    {
        var first = await GridAsync(await bot.ImagineAsync($"green {Tiny}", userId: 1012));
        var resultId = ResultId(first);
        var requests = bot.Services.GetRequiredService<RequestStore>();

        var zoomed = await GridAsync(await bot.PressAsync($"dbot:e:{resultId}:1:zoom:2", userId: 1012, threadId: first.Channel), thread: first.Channel);
        var region = await GridAsync(await bot.SelectAsync($"dbot:m:{resultId}:1", "region:left", userId: 1012, threadId: first.Channel), thread: first.Channel);

        foreach (var (grid, edit) in new[] { (zoomed, "zoom:2"), (region, "region:left") })
        {
            var stored = requests.Get(ResultId(grid))!;
            Assert.Equal("edit", stored.Kind);
            Assert.Equal(resultId, stored.ParentId);
            Assert.Contains($"\"edit\":\"{edit}\"", stored.SpecJson, StringComparison.Ordinal);
            using var image = Image.Load<Rgb24>(FirstPng(grid));
            Assert.Equal((64, 64), (image.Width, image.Height));
        }
    }
}
