using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Pipeline;
using DiffusionBot.Diffusion.Upscaling;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DiffusionBot.Diffusion.Tests.Upscaling;

[Collection(DemoModelCollection.Name)]
public sealed class SdUpscaleTests(DemoModelFixture demo)
{
    [Fact]
    public void Upscale2x_Of512_Is1024_AndFaithfulWhenDownscaledBack()
    {
        var original = demo.Pipeline.Generate(new GenerationRequest { Prompt = "red", Seed = 4, Width = 512, Height = 512, Steps = 10 }).Images[0].Png;

        var result = SdUpscale.Run(demo.Pipeline, new GenerationRequest { Prompt = "red", Seed = 4, Steps = 20, InitImage = original, Strength = SdUpscale.DefaultStrength }, demo.Options);

        using var upscaled = Image.Load<Rgb24>(result.Images[0].Png);
        Assert.Equal((1024, 1024), (upscaled.Width, upscaled.Height));
        using var back = upscaled.Clone(x => x.Resize(512, 512, KnownResamplers.Box));
        using var before = Image.Load<Rgb24>(original);
        double error = 0;
        for (var y = 0; y < 512; y++)
        {
            for (var x = 0; x < 512; x++)
            {
                var (a, b) = (back[x, y], before[x, y]);
                error += Math.Abs(a.R - b.R) + Math.Abs(a.G - b.G) + Math.Abs(a.B - b.B);
            }
        }

        var mean = error / (3.0 * 512 * 512);
        Assert.True(mean < 8, $"mean absolute error {mean:0.00} of 255");
        Assert.EndsWith("Denoising strength: 0.3, SD upscale overlap: 64, SD upscale upscaler: Lanczos", PngWithParameters.Read(result.Images[0].Png));
    }

    [Theory]
    [InlineData(1024, 512, new[] { 0, 448, 512 })]
    [InlineData(512, 512, new[] { 0 })]
    [InlineData(800, 512, new[] { 0, 288 })]
    public void Starts_OverlapByTheOverlap_AndEndFlushWithTheEdge(int length, int tile, int[] expected) =>
        Assert.Equal(expected, SdUpscale.Starts(length, tile));
}
