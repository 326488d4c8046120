using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.TestSupport;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>
/// Previews use the model family's latent→RGB factors: the SDXL demo's VAE decodes with SDXL's factors and bias, so
/// its preview is right only with them, and SD 1.x's factors paint it in the wrong colour.
/// </summary>
[Collection(SdxlDemoCollection.Name)]
public sealed class SdxlPreviewTests(SdxlDemoFixture demo)
{
    [Fact]
    public void For_ChoosesSdxlFactors_ForEverySdxlLayoutModel()
    {
        Assert.Same(LatentRgbFactors.Sdxl, LatentRgbFactors.For(demo.Pipeline.Model));
        Assert.Same(LatentRgbFactors.Sdxl, LatentRgbFactors.For(demo.Variant(SdxlDemoFixture.RefinerName, SdxlDemoVariant.Refiner).Model));
    }

    [Theory]
    [InlineData("euler_a")]
    [InlineData("dpm++2m_karras")]
    public void Preview_OfARedPrompt_IsRed_WithTheFamilysFactors(string sampler)
    {
        byte[]? preview = null;
        byte[]? sd15Preview = null;
        var model = demo.Pipeline.Model;
        demo.Pipeline.Generate(
            new GenerationRequest { Prompt = "red", Seed = 3, Sampler = sampler, Steps = 20, Width = 128, Height = 128 },
            (in DenoisingProgress p) =>
            {
                if (p.Step == 10)
                {
                    preview = LatentPreview.RenderEstimateJpeg(p, LatentRgbFactors.For(model));
                    sd15Preview = LatentPreview.RenderEstimateJpeg(p, LatentRgbFactors.Sd15);
                }
            });

        Assert.True(IsRed(preview!), $"{sampler}: the SDXL preview at step 10 of 20 has mean colour {Colours.Mean(preview!)}");
        Assert.False(IsRed(sd15Preview!), $"{sampler}: SD 1.x's factors painted the SDXL latents {Colours.Mean(sd15Preview!)}");
    }

    // Red dominates: the demo decodes SDXL latents at four times the preview factors' gain (see DemoLatentSpace), so the
    // preview is the picture at lower contrast, in the right hue.
    private static bool IsRed(byte[] jpeg)
    {
        var (r, g, b) = Colours.Mean(jpeg);
        return r > 140 && r - g > 60 && r - b > 60;
    }
}
