using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Slack.Tests.Adapter;

/// <summary>The SDXL demo through Slack: colour and shape words, image-to-image by thread reply, and <c>--refine</c>.</summary>
public sealed partial class SlackSocketModeAdapterTests
{
    private const string Xl = $"--model {SdxlDemoPair.BaseName} --size 128x128 --steps 20";

    [Fact]
    public async Task Imagine_PaintsABlueDisc_WithTheSdxlDemo()
    {
        var result = await ImagineAsync("C-XL-DISC", $"blue circle {Xl} --seed 7");

        var png = ResultPngs("C-XL-DISC", result.Status.Ts).Single();
        Assert.True(Colours.IsBlueDisc(png), $"centre {Colours.Mean(png, 0.4, 0.4, 0.6, 0.6)} corner {Colours.Mean(png, 0, 0, 0.1, 0.1)}");
    }

    [Fact]
    public async Task ThreadReply_RepaintsTheImageRed_WithTheSdxlDemo()
    {
        var first = await ImagineAsync("C-XL-IMG2IMG", $"green {Xl} --seed 8");
        var green = ResultPngs("C-XL-IMG2IMG", first.Status.Ts).Single();
        Assert.False(Colours.IsRed(green), $"the start image is already red: {Colours.Mean(green)}");
        Fake.Picture = green;

        await Socket.SendAsync(SlackBot.Event("env-xl-reply", "Ev-xl-reply", ThreadReply("C-XL-IMG2IMG", first.Status.Ts, $"red --model {SdxlDemoPair.BaseName} --steps 20 --strength 0.9 --seed 4", "picture.png")));
        await Socket.NextReceivedAsync();
        await SlackBot.WaitForAsync(() => ButtonMessages(first.Status.Ts).FirstOrDefault(b => ResultId(b) != first.ResultId), "the img2img result");
        await Fake.WhenSharesSettledAsync();

        var repainted = await SlackBot.WaitForAsync(() => ResultPngs("C-XL-IMG2IMG", first.Status.Ts).Skip(1).FirstOrDefault(), "the img2img png");
        Assert.True(Colours.IsRed(repainted), $"mean colour {Colours.Mean(repainted)}");
    }

    [Fact]
    public async Task Imagine_RunsThePairedRefinerAfterTheBase_WhenAskedToRefine()
    {
        var result = await ImagineAsync("C-XL-REFINE", $"red circle {Xl} --refine --seed 3");

        var png = ResultPngs("C-XL-REFINE", result.Status.Ts).Single();
        Assert.True(Colours.IsRed(png), $"mean colour {Colours.Mean(png)}");
        Assert.EndsWith($"Model: {SdxlDemoPair.BaseName}, Refiner: {SdxlDemoPair.RefinerName}, Refiner switch at: 0.8", PngWithParameters.Read(png), StringComparison.Ordinal);
    }

    // The result PNGs posted into a status's thread, oldest first (previews are JPEGs and are deleted).
    private List<byte[]> ResultPngs(string channel, string threadTs) =>
        [.. Fake.Thread(channel, threadTs).SelectMany(m => m.Files).Select(f => Fake.FileBytes(f.Id)).Where(b => b.Length > 8 && b[0] == 0x89 && b[1] == (byte)'P')];
}
