using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Discord.Tests.Adapter;

/// <summary>The SDXL demo through Discord: colour and shape words, image-to-image by reply, and <c>--refine</c>.</summary>
public sealed partial class DiscordAdapterTests
{
    private const string Xl = $"--model {SdxlDemoPair.BaseName} --size 128x128 --steps 20";

    [Fact]
    public async Task Imagine_PaintsABlueDisc_WithTheSdxlDemo()
    {
        var png = FirstPng(await GridAsync(await bot.ImagineAsync($"blue circle {Xl} --seed 7", userId: 1101)));

        Assert.True(Colours.IsBlueDisc(png), $"centre {Colours.Mean(png, 0.4, 0.4, 0.6, 0.6)} corner {Colours.Mean(png, 0, 0, 0.1, 0.1)}");
    }

    [Fact]
    public async Task ReplyWithAnImage_RepaintsItRed_WithTheSdxlDemo()
    {
        var first = await GridAsync(await bot.ImagineAsync($"green {Xl} --seed 8", userId: 1102));
        Assert.False(Colours.IsRed(FirstPng(first)), $"the start image is already red: {Colours.Mean(FirstPng(first))}");
        Fake.Cdn["xl-init.png"] = ("image/png", FirstPng(first));

        await Fake.Gateway.DispatchAsync("MESSAGE_CREATE", Reply(1102, first, $"<@{DiscordBotFixture.BotUserId}> red --model {SdxlDemoPair.BaseName} --steps 20 --strength 0.9 --seed 4", Fake.CdnUrl("xl-init.png")));

        await DiscordBotFixture.WaitUntilAsync(() => Guild.Messages.Count(m => m.ChannelId == first.Channel && m.Components is not null) == 2, "img2img grid");
        var grid = Guild.Messages.Last(m => m.ChannelId == first.Channel && m.Components is not null);
        var posted = Fake.Rest.Requests.Last(r => r.Method == "POST" && r.Path == $"/channels/{first.Channel}/messages" && r.FormFields.TryGetValue("payload_json", out var p) && p.Contains(grid.Nonce!, StringComparison.Ordinal));
        var png = posted.Files.Values.First().Content;
        Assert.True(Colours.IsRed(png), $"mean colour {Colours.Mean(png)}");
    }

    [Fact]
    public async Task Imagine_RunsThePairedRefinerAfterTheBase_WhenAskedToRefine()
    {
        var png = FirstPng(await GridAsync(await bot.ImagineAsync($"red circle {Xl} --refine --seed 3", userId: 1103)));

        Assert.True(Colours.IsRed(png), $"mean colour {Colours.Mean(png)}");
        Assert.EndsWith($"Model: {SdxlDemoPair.BaseName}, Refiner: {SdxlDemoPair.RefinerName}, Refiner switch at: 0.8", PngWithParameters.Read(png), StringComparison.Ordinal);
    }
}
