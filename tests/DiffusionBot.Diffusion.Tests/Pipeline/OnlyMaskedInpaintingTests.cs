using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Inpainting;
using DiffusionBot.Diffusion.Pipeline;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>A1111's "Inpaint area: Only masked" on the local-posterior demo.</summary>
public sealed class OnlyMaskedInpaintingTests(LocalDemoFixture demo) : IClassFixture<LocalDemoFixture>
{
    private const int Size = 128;

    [Fact]
    public void OnlyMasked_RepaintsTheBrushedSquare_AndLeavesEveryPixelOutsideItsBoxAsItWas()
    {
        var green = demo.Pipeline.Generate(new GenerationRequest { Prompt = "green", Seed = 3, Width = Size, Height = Size }).Images[0].Png;
        var square = new Rectangle(40, 40, 48, 48);

        var png = demo.Pipeline.Generate(new GenerationRequest
        {
            Prompt = "red",
            Seed = 5,
            Width = Size,
            Height = Size,
            InitImage = green,
            Mask = MaskOf(square),
            Strength = 1f,
            Sampler = "euler",
            OnlyMaskedPadding = 8,
        }).Images[0].Png;

        Assert.True(RegionMeans.Inside(png, Rectangle.Inflate(square, -8, -8)).IsRed, $"square {RegionMeans.Inside(png, Rectangle.Inflate(square, -8, -8))}");
        using var before = Image.Load<Rgb24>(green);
        using var after = Image.Load<Rgb24>(png);
        var box = Rectangle.Inflate(square, 8 + 4 + 4, 8 + 4 + 4);
        for (var y = 0; y < Size; y++)
        {
            for (var x = 0; x < Size; x++)
            {
                if (!box.Contains(x, y))
                {
                    Assert.Equal(before[x, y], after[x, y]);
                }
            }
        }

        Assert.EndsWith("Denoising strength: 1, Mask blur: 4, Inpaint area: Only masked, Masked area padding: 8", PngWithParameters.Read(png));
    }

    [Fact]
    public void CropRegion_PadsTheMaskedBox_ThenGrowsItToTheRequestsAspectRatio_InsideTheImage()
    {
        using var mask = new Image<Rgb24>(200, 100);
        for (var y = 30; y < 40; y++)
        {
            for (var x = 20; x < 30; x++)
            {
                mask[x, y] = new Rgb24(255, 255, 255);
            }
        }

        Assert.Equal(new Rectangle(7, 26, 36, 18), OnlyMaskedInpainting.CropRegion(mask, 4, 128, 64));
        Assert.Equal(new Rectangle(0, 0, 200, 100), OnlyMaskedInpainting.CropRegion(mask, 200, 128, 64));
        Assert.Null(OnlyMaskedInpainting.CropRegion(new Image<Rgb24>(8, 8), 4, 64, 64));
    }

    [Fact]
    public void OnlyMasked_RefusesAnEmptyMask()
    {
        var green = demo.Pipeline.Generate(new GenerationRequest { Prompt = "green", Seed = 3, Width = 64, Height = 64 }).Images[0].Png;

        var refusal = Assert.Throws<InvalidRequestException>(() => demo.Pipeline.Generate(new GenerationRequest
        {
            Prompt = "red",
            Width = 64,
            Height = 64,
            InitImage = green,
            Mask = MaskOf(Rectangle.Empty, 64),
            OnlyMaskedPadding = 8,
        }));

        Assert.Equal("The mask is empty: paint over the part to repaint.", refusal.Message);
    }

    private static byte[] MaskOf(Rectangle area, int size = Size)
    {
        using var mask = new Image<Rgb24>(size, size);
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                mask[x, y] = area.Contains(x, y) ? new Rgb24(255, 255, 255) : new Rgb24(0, 0, 0);
            }
        }

        using var stream = new MemoryStream();
        mask.Save(stream, new PngEncoder());
        return stream.ToArray();
    }
}
