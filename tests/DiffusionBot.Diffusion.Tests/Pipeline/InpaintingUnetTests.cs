using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Inpainting;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using SixLabors.ImageSharp;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>
/// Zoom out, pan and Vary (Region) through a 9-channel inpainting UNet (the demo's inpainting variant): no per-step
/// blend runs, so what is kept is kept because the UNet reads the mask and the masked image's latents.
/// </summary>
public sealed class InpaintingUnetTests(InpaintingUnetTests.Fixture demo) : IClassFixture<InpaintingUnetTests.Fixture>
{
    private const int Size = 128;
    private const int Seam = 8;

    private byte[] Green() => demo.Regular.Generate(new GenerationRequest { Prompt = "green", Seed = 3, Width = Size, Height = Size }).Images[0].Png;

    private byte[] Repaint(OutpaintCanvas canvas, string prompt, string sampler = "euler") => demo.Inpainting.Generate(RepaintRequest.For(canvas, prompt, sampler)).Images[0].Png;

    [Fact]
    public void TheInpaintingVariant_TakesNineChannels_AndReturnsFour()
    {
        var unet = demo.Inpainting.Model.Unet;

        Assert.Equal((9, 4, true), (unet.InputChannels, unet.LatentChannels, unet.IsInpainting));
        Assert.False(demo.Regular.Model.Unet.IsInpainting);
    }

    [Theory]
    [InlineData("euler")]
    [InlineData("ddim")]
    [InlineData("dpm++2m")]
    public void ZoomOut2x_KeepsAGreenCentre_AndPaintsARedBorder(string sampler)
    {
        var canvas = Outpainting.ZoomOut(Green(), 2f, demo.Options);

        var png = Repaint(canvas, "red", sampler);

        var inner = new Rectangle(Size / 4, Size / 4, Size / 2, Size / 2);
        var centre = RegionMeans.Inside(png, Rectangle.Inflate(inner, -Seam, -Seam));
        var border = RegionMeans.Outside(png, Rectangle.Inflate(inner, Seam, Seam));
        Assert.True(centre.IsGreen, $"centre {centre}");
        Assert.True(border.IsRed, $"border {border}");
    }

    [Fact]
    public void PanRight_KeepsTheLeftPart_AndPaintsTheNewRightPartBlue()
    {
        var canvas = Outpainting.Pan(Green(), PanDirection.Right, demo.Options);

        var png = Repaint(canvas, "blue");

        var kept = RegionMeans.Inside(png, new Rectangle(0, 0, Size - Seam, Size));
        var grown = RegionMeans.Inside(png, new Rectangle(Size + Seam, 0, (Size / 2) - Seam, Size));
        Assert.True(kept.IsGreen, $"kept {kept}");
        Assert.True(grown.IsBlue, $"new part {grown}");
    }

    [Fact]
    public void VaryRegion_OnTheLeftHalf_ChangesTheLeftHalfOnly()
    {
        var green = Green();
        var canvas = Outpainting.Region(green, ImageRegion.LeftHalf, demo.Options);

        var png = Repaint(canvas, "yellow");

        RegionMeans.AssertLeftYellowRightKept(green, png, Size, Seam);
    }

    // The pixel overlay alone would keep the centre too; the final latents show the UNet kept it from its inputs.
    [Fact]
    public void ZoomOut_EndsWithTheKeptLatentsInTheCentre_WithoutABlend()
    {
        var canvas = Outpainting.ZoomOut(Green(), 2f, demo.Options);
        var (final, height, width) = FinalLatents.Of(demo.Inpainting, RepaintRequest.For(canvas, "red"));

        var kept = new float[4];
        DemoLatentSpace.Sd15.ToLatent(RegionMeans.BlockColour(canvas.Image, width / 2, height / 2), kept);
        var plane = height * width;
        for (var c = 0; c < 4; c++)
        {
            var centre = final[(c * plane) + ((height / 2) * width) + (width / 2)];
            Assert.True(Math.Abs(centre - kept[c]) < 0.02f, $"channel {c}: centre {centre}, kept {kept[c]}");
        }
    }

    [Fact]
    public void TextToImage_OnAnInpaintingModel_IsRefusedPolitely()
    {
        var refusal = Assert.Throws<InvalidRequestException>(() => demo.Inpainting.Generate(new GenerationRequest { Prompt = "red", Width = 64, Height = 64 }));

        Assert.Equal(DiffusionPipeline.InpaintingModelNeedsAMask, refusal.Message);
    }

    public sealed class Fixture : IDisposable
    {
        public Fixture()
        {
            Root = Directory.CreateTempSubdirectory("diffusionbot-demo-inpaint-").FullName;
            DemoModelForge.Write(Path.Combine(Root, "demo"), new DemoModelOptions { LocalPosterior = true });
            DemoModelForge.Write(Path.Combine(Root, "demo-inpaint"), new DemoModelOptions { Inpainting = true });
            Catalog = new ModelCatalog(Root, new SessionFactory("cpu"));
            Options = new EngineOptions { MaxPixels = 512 * 512 };
            Regular = new DiffusionPipeline(Catalog.Open("demo"), Options);
            Inpainting = new DiffusionPipeline(Catalog.Open("demo-inpaint"), Options);
        }

        public string Root { get; }

        public ModelCatalog Catalog { get; }

        public EngineOptions Options { get; }

        public DiffusionPipeline Regular { get; }

        public DiffusionPipeline Inpainting { get; }

        public void Dispose()
        {
            Catalog.Dispose();
            Directory.Delete(Root, recursive: true);
        }
    }
}
