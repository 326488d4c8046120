using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Chat.Commands;
using DiffusionBot.Chat.Edits;
using DiffusionBot.Chat.Jobs;
using DiffusionBot.Chat.Quotas;
using DiffusionBot.Chat.Replies;
using DiffusionBot.Diffusion.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Chat.Tests.Jobs;

/// <summary>Zoom out, pan, Vary (Region) and Upscale 2× from the single-image message.</summary>
public abstract partial class JobsContractTests
{
    [Fact]
    public async Task SingleImagePost_CarriesUpscaleZoomPanAndRegionButtons()
    {
        var queued = await _bot.QueueAsync("green --size 64x64 --n 2");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        await _bot.Dispatcher.DispatchAsync(new Upscale(JobsHarness.Origin(), queued.RequestId, 1), CancellationToken.None);

        var post = _bot.Channel.Results.Last();
        Assert.Equal(ResultAction.ForSingle(1), post.Actions);
        Assert.Equal(
            ["Vary (Subtle)", "Vary (Strong)", "Upscale 2×", "Zoom Out 2×", "Zoom Out 1.5×", "⬅️", "➡️", "⬆️", "⬇️", "Vary (Region)"],
            post.Actions.Select(a => a.Label));
    }

    [Theory]
    [InlineData("zoom:2", 128, 128)]
    [InlineData("pan:right", 192, 128)]
    [InlineData("pan:down", 128, 192)]
    [InlineData("region:left", 128, 128)]
    public async Task Edit_RepaintsTheChosenImage_WithTheNewPrompt_CountsAgainstTheQuota_AndPostsSingleImageButtons(string edit, int width, int height)
    {
        var queued = await _bot.QueueAsync("green --size 128x128 --n 2");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var outcome = Assert.IsType<DispatchOutcome.Queued>(await _bot.Dispatcher.DispatchAsync(new EditImage(JobsHarness.Origin(), queued.RequestId, 1, edit, "red"), CancellationToken.None));
        // A fresh job object reads everything it needs from the database, as after a restart.
        await _bot.Job().RunAsync(outcome.RequestId, CancellationToken.None);

        var stored = _bot.Requests.Get(outcome.RequestId)!;
        Assert.Equal(RequestKind.Edit, stored.Kind);
        Assert.Equal(_bot.Results.Images(queued.RequestId)[1].Png, stored.InitImage);
        var post = _bot.Channel.Results.Last();
        Assert.Equal(ResultAction.ForSingle(0), post.Actions);
        var png = Assert.Single(post.Images).Png.ToArray();
        using var image = Image.Load<Rgb24>(png);
        Assert.Equal((width, height), (image.Width, image.Height));
        var parameters = PngWithParameters.Read(png)!;
        Assert.StartsWith("red\n", parameters, StringComparison.Ordinal);
        Assert.EndsWith("Denoising strength: 1, Mask blur: 4", parameters, StringComparison.Ordinal);
        Assert.Equal(3, _bot.Quotas.Usage(new QuotaScope("Playground", "local", "general"), "u1", TimeSpan.FromDays(1)).User);
    }

    [Theory]
    [InlineData("vary:subtle", "0.35")]
    [InlineData("vary:strong", "0.75")]
    public async Task Edit_VarySubtleOrStrong_RepaintsTheWholeImageAtItsStrength_WithItsOwnButtons(string edit, string strength)
    {
        var queued = await _bot.QueueAsync("green --size 64x64 --n 2");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var outcome = Assert.IsType<DispatchOutcome.Queued>(await _bot.Dispatcher.DispatchAsync(new EditImage(JobsHarness.Origin(), queued.RequestId, 1, edit), CancellationToken.None));
        await _bot.Job().RunAsync(outcome.RequestId, CancellationToken.None);

        var post = _bot.Channel.Results.Last();
        var png = Assert.Single(post.Images).Png.ToArray();
        using var image = Image.Load<Rgb24>(png);
        Assert.Equal((64, 64), (image.Width, image.Height));
        Assert.EndsWith($"Denoising strength: {strength}", PngWithParameters.Read(png));
        Assert.Equal(ResultAction.ForSingle(0), post.Actions);
    }

    [Fact]
    public async Task Edit_Upscale_DoublesTheImage_AndNamesTheUpscaler()
    {
        var queued = await _bot.QueueAsync("red --size 128x128");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var outcome = Assert.IsType<DispatchOutcome.Queued>(await _bot.Dispatcher.DispatchAsync(new EditImage(JobsHarness.Origin(), queued.RequestId, 0, ImageEdit.Upscale), CancellationToken.None));
        await _bot.Job().RunAsync(outcome.RequestId, CancellationToken.None);

        var png = Assert.Single(_bot.Channel.Results.Last().Images).Png.ToArray();
        using var image = Image.Load<Rgb24>(png);
        Assert.Equal((256, 256), (image.Width, image.Height));
        var parameters = PngWithParameters.Read(png)!;
        Assert.True(parameters.Contains("Denoising strength: 0.3, SD upscale overlap: 64, SD upscale upscaler: Lanczos", StringComparison.Ordinal), parameters);
    }

    [Fact]
    public async Task Edit_RunsOnThePairedInpaintingModel_WhenDiffusionbotJsonNamesOne()
    {
        DemoModelForge.Write(Path.Combine(_bot.Engine.ModelsPath, "demo-inpaint"), new DemoModelOptions { Inpainting = true });
        File.WriteAllText(Path.Combine(_bot.Engine.ModelsPath, "demo", "diffusionbot.json"), "{\"inpaint_model\": \"demo-inpaint\"}");
        var queued = await _bot.QueueAsync("green --size 128x128");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var outcome = Assert.IsType<DispatchOutcome.Queued>(await _bot.Dispatcher.DispatchAsync(new EditImage(JobsHarness.Origin(), queued.RequestId, 0, "zoom:2", "red"), CancellationToken.None));
        await _bot.Job().RunAsync(outcome.RequestId, CancellationToken.None);

        var original = PngWithParameters.Read(_bot.Results.Images(queued.RequestId)[0].Png)!;
        var parameters = PngWithParameters.Read(Assert.Single(_bot.Channel.Results.Last().Images).Png.ToArray())!;
        Assert.Matches("Model: demo(,|$)", original);
        Assert.Contains("Model: demo-inpaint,", parameters, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Edit_Upscale_RunsTheOnnxUpscaler_WhenUpscalersHasOne()
    {
        UpscalerForge.Write(Path.Combine(_bot.Engine.UpscalersPath, UpscalerForge.Name + ".onnx"));
        var queued = await _bot.QueueAsync("red --size 128x128");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var outcome = Assert.IsType<DispatchOutcome.Queued>(await _bot.Dispatcher.DispatchAsync(new EditImage(JobsHarness.Origin(), queued.RequestId, 0, ImageEdit.Upscale), CancellationToken.None));
        await _bot.Job().RunAsync(outcome.RequestId, CancellationToken.None);

        var post = _bot.Channel.Results.Last();
        var png = Assert.Single(post.Images).Png.ToArray();
        using var image = Image.Load<Rgb24>(png);
        Assert.Equal((256, 256), (image.Width, image.Height));
        Assert.EndsWith($"Postprocess upscale by: 2, Postprocess upscaler: {UpscalerForge.Name}", PngWithParameters.Read(png));
        Assert.Equal(ResultAction.ForSingle(0), post.Actions);
    }

    [Fact]
    public async Task Edit_RefusesAnUnknownEdit_AndAnUnpaintedMask_Politely()
    {
        var queued = await _bot.QueueAsync("red --size 64x64");
        await _bot.Job().RunAsync(queued.RequestId, CancellationToken.None);

        var unknown = await _bot.Dispatcher.DispatchAsync(new EditImage(JobsHarness.Origin(), queued.RequestId, 0, "zoom:9"), CancellationToken.None);
        var unpainted = await _bot.Dispatcher.DispatchAsync(new EditImage(JobsHarness.Origin(), queued.RequestId, 0, ImageEdit.Mask), CancellationToken.None);

        Assert.Equal(EditDispatch.UnknownEdit, Assert.IsType<DispatchOutcome.Refused>(unknown).Message);
        Assert.Equal(EditDispatch.NothingPainted, Assert.IsType<DispatchOutcome.Refused>(unpainted).Message);
    }
}
