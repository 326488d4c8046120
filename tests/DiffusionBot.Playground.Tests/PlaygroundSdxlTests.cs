using System.Net.Http.Headers;
using System.Text.Json;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.TestSupport;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Playground.Tests;

/// <summary>The SDXL demo through the playground: colour and shape words, image-to-image, and <c>--refine</c> with its paired refiner.</summary>
[Collection(HostCollection.Name)]
public sealed class PlaygroundSdxlTests(BotHostFixture host)
{
    [Fact]
    public async Task Imagine_PaintsABlueDisc_WithTheSdxlDemo()
    {
        var png = await ResultPngAsync(await host.SayAsync($"/imagine blue circle --model {SdxlDemoPair.BaseName} --size 128x128 --steps 20 --seed 7"));

        Assert.True(Colours.IsBlueDisc(png), $"centre {Colours.Mean(png, 0.4, 0.4, 0.6, 0.6)} corner {Colours.Mean(png, 0, 0, 0.1, 0.1)}");
        Assert.Contains($"Model: {SdxlDemoPair.BaseName}", PngWithParameters.Read(png), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Img2Img_RepaintsAGreenImageRed_WithTheSdxlDemo()
    {
        using var green = new Image<Rgb24>(128, 128, new Rgb24(0, 200, 0));
        using var stream = new MemoryStream();
        await green.SaveAsPngAsync(stream);
        using var form = new MultipartFormDataContent
        {
            { new ByteArrayContent(stream.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } }, "file", "green.png" },
            { new StringContent($"red --model {SdxlDemoPair.BaseName} --strength 0.9 --steps 20 --seed 4"), "prompt" },
        };

        using var response = await host.Http.PostAsync(new Uri("/api/img2img", UriKind.Relative), form);
        var png = await ResultPngAsync(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);

        Assert.True(Colours.IsRed(png), $"mean colour {Colours.Mean(png)}");
    }

    [Fact]
    public async Task Imagine_RunsThePairedRefinerAfterTheBase_WhenAskedToRefine()
    {
        var png = await ResultPngAsync(await host.SayAsync($"/imagine red circle --model {SdxlDemoPair.BaseName} --refine --size 128x128 --steps 20 --seed 3"));

        Assert.True(Colours.IsRed(png), $"mean colour {Colours.Mean(png)}");
        Assert.EndsWith($"Model: {SdxlDemoPair.BaseName}, Refiner: {SdxlDemoPair.RefinerName}, Refiner switch at: 0.8", PngWithParameters.Read(png), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Imagine_RefusesRefinePolitely_WhenTheModelHasNoPairedRefiner()
    {
        var outcome = await host.SayAsync("/imagine red --refine");

        Assert.Equal("refused", outcome.GetProperty("outcome").GetString());
        var error = await host.WaitForMessageAsync(m => m.GetProperty("id").GetInt64() == outcome.GetProperty("statusMessageId").GetInt64());
        var text = error.GetProperty("text").GetString()!;
        Assert.Contains("--refine needs a refiner paired with demo", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', text);
    }

    private async Task<byte[]> ResultPngAsync(JsonElement outcome)
    {
        Assert.Equal("queued", outcome.GetProperty("outcome").GetString());
        var statusId = outcome.GetProperty("statusMessageId").GetInt64();
        var result = await host.WaitForMessageAsync(m => PlaygroundApiTests.ParentIs(m, statusId) && PlaygroundApiTests.Kind(m) == "result", TimeSpan.FromMinutes(2));
        return await host.Http.GetByteArrayAsync(new Uri(result.GetProperty("images")[0].GetString()!, UriKind.Relative));
    }
}
