using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Inpainting;
using DiffusionBot.Diffusion.Pipeline;
using SixLabors.ImageSharp;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>Zoom out, pan and Vary (Region) on the local-posterior demo through the one denoising loop with a regular UNet.</summary>
public sealed class InpaintingPipelineTests(LocalDemoFixture demo) : IClassFixture<LocalDemoFixture>
{
    private const int Size = 128;

    // Kept clear of the seam, where the mask blur mixes both sides.
    private const int Seam = 8;

    private byte[] Green() => demo.Pipeline.Generate(new GenerationRequest { Prompt = "green", Seed = 3, Width = Size, Height = Size }).Images[0].Png;

    private GenerationResult Repaint(OutpaintCanvas canvas, string prompt, string sampler = "euler") => demo.Pipeline.Generate(RepaintRequest.For(canvas, prompt, sampler));

    [Theory]
    [InlineData("euler")]
    [InlineData("ddim")]
    [InlineData("dpm++2m")]
    public void ZoomOut2x_KeepsAGreenCentre_AndPaintsARedBorder(string sampler)
    {
        var canvas = Outpainting.ZoomOut(Green(), 2f, demo.Options);

        var png = Repaint(canvas, "red", sampler).Images[0].Png;

        var inner = new Rectangle(Size / 4, Size / 4, Size / 2, Size / 2);
        var centre = RegionMeans.Inside(png, Rectangle.Inflate(inner, -Seam, -Seam));
        var border = RegionMeans.Outside(png, Rectangle.Inflate(inner, Seam, Seam));
        Assert.Equal((Size, Size), (canvas.Width, canvas.Height));
        Assert.True(centre.IsGreen, $"centre {centre}");
        Assert.True(border.IsRed, $"border {border}");
    }

    // The pixel overlay alone would also keep the centre; the latents prove the loop itself kept it.
    [Fact]
    public void ZoomOut_EndsWithTheInitLatentsInTheKeptRegion_AndTheRedLatentsInTheBorder()
    {
        var canvas = Outpainting.ZoomOut(Green(), 2f, demo.Options);
        var (final, height, width) = FinalLatents.Of(demo.Pipeline, RepaintRequest.For(canvas, "red"));

        // The demo's VAE encoder averages each 8×8 block and maps its colour linearly (DemoLatentSpace).
        var kept = new float[4];
        var red = new float[4];
        DemoLatentSpace.Sd15.ToLatent(RegionMeans.BlockColour(canvas.Image, width / 2, height / 2), kept);
        DemoLatentSpace.Sd15.ToLatent(DemoModelForge.ColorOf("red"), red);
        var plane = height * width;
        for (var c = 0; c < 4; c++)
        {
            var centre = final[(c * plane) + ((height / 2) * width) + (width / 2)];
            var corner = final[c * plane];
            Assert.True(Math.Abs(centre - kept[c]) < 0.02f, $"channel {c}: centre {centre}, init {kept[c]}");
            Assert.True(Math.Abs(corner - red[c]) < 0.02f, $"channel {c}: corner {corner}, red {red[c]}");
        }
    }

    [Fact]
    public void PanRight_KeepsTheLeftPart_AndPaintsTheNewRightPartBlue()
    {
        var canvas = Outpainting.Pan(Green(), PanDirection.Right, demo.Options);

        var png = Repaint(canvas, "blue").Images[0].Png;

        Assert.Equal((Size * 3 / 2, Size), (canvas.Width, canvas.Height));
        var kept = RegionMeans.Inside(png, new Rectangle(0, 0, Size - Seam, Size));
        var grown = RegionMeans.Inside(png, new Rectangle(Size + Seam, 0, (Size / 2) - Seam, Size));
        Assert.True(kept.IsGreen, $"kept {kept}");
        Assert.True(grown.IsBlue, $"new part {grown}");
    }

    [Fact]
    public void Pan_ScalesTheWholeCanvasDown_WhenGrowingWouldPassThePixelCap()
    {
        var big = demo.Pipeline.Generate(new GenerationRequest { Prompt = "green", Seed = 3, Width = 512, Height = 512, Steps = 2 }).Images[0].Png;

        var canvas = Outpainting.Pan(big, PanDirection.Up, demo.Options);

        Assert.True((long)canvas.Width * canvas.Height <= demo.Options.MaxPixels, $"{canvas.Width}×{canvas.Height}");
        Assert.Equal(0, canvas.Width % 8);
        Assert.Equal(0, canvas.Height % 8);
        Assert.InRange(canvas.Height / (double)canvas.Width, 1.45, 1.55);
    }

    [Fact]
    public void VaryRegion_OnTheLeftHalf_ChangesTheLeftHalfOnly()
    {
        var green = Green();
        var canvas = Outpainting.Region(green, ImageRegion.LeftHalf, demo.Options);

        var png = Repaint(canvas, "yellow").Images[0].Png;

        RegionMeans.AssertLeftYellowRightKept(green, png, Size, Seam);
    }

    [Fact]
    public void Inpainting_WritesMaskBlurAndDenoisingStrength_IntoTheParameters()
    {
        var canvas = Outpainting.Region(Green(), ImageRegion.Centre, demo.Options);

        var png = Repaint(canvas, "red").Images[0].Png;

        Assert.EndsWith("Denoising strength: 1, Mask blur: 4", PngWithParameters.Read(png));
    }

    [Fact]
    public void Generate_RefusesAMaskWithoutAnImage()
    {
        var canvas = Outpainting.Region(Green(), ImageRegion.Centre, demo.Options);

        var refusal = Assert.Throws<InvalidRequestException>(() => demo.Pipeline.Generate(new GenerationRequest { Prompt = "red", Mask = canvas.Mask, Width = Size, Height = Size }));

        Assert.Equal("A mask needs an image to repaint.", refusal.Message);
    }
}
