using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Forge;

namespace DiffusionBot.Diffusion.Tests.Models;

/// <summary>Per-family default sizes, <c>--ar</c>'s trained resolutions and pixel caps, read from forged folders' configs.</summary>
public sealed class FamilySizeTests : IDisposable
{
    private readonly TempModelFolder _root = new();

    [Theory]
    [InlineData(1.0, 1024, 1024)]
    [InlineData(16.0 / 9, 1344, 768)]
    [InlineData(9.0 / 16, 768, 1344)]
    [InlineData(4.0 / 3, 1152, 896)]
    [InlineData(3.0 / 4, 896, 1152)]
    [InlineData(3.0 / 2, 1216, 832)]
    [InlineData(2.0 / 3, 832, 1216)]
    [InlineData(21.0 / 9, 1536, 640)]
    [InlineData(1.0 / 4, 640, 1536)]
    public void Nearest_PicksTheSdxlBucketWithTheClosestAspectRatio(double ratio, int width, int height) =>
        Assert.Equal((width, height), TrainedResolutions.Nearest(TrainedResolutions.Sdxl, ratio));

    [Fact]
    public void SdxlBase_DefaultsTo1024Square_AndMapsAspectRatiosToItsTrainedSizes()
    {
        var defaults = Forged("xl", SdxlDemoVariant.Base);

        Assert.Equal(("SDXL", 1024, 1024), (defaults.Family, defaults.Width, defaults.Height));
        Assert.Equal((1344, 768), defaults.SizeForAspectRatio(16.0 / 9));
        Assert.Equal((832, 1216), defaults.SizeForAspectRatio(2.0 / 3));
    }

    [Fact]
    public void SdxlTurbo_DefaultsTo512Square_AndMapsAspectRatiosToHalfSizeBuckets()
    {
        var defaults = Forged("xl-turbo", SdxlDemoVariant.Turbo);

        Assert.Equal(("SDXL-Turbo", 512, 512), (defaults.Family, defaults.Width, defaults.Height));
        Assert.Equal((672, 384), defaults.SizeForAspectRatio(16.0 / 9));
    }

    [Fact]
    public void Sd15_HasNoTrainedSizes_SoAspectRatiosKeepTheDefaultArea()
    {
        var folder = Path.Combine(_root.Path, "sd15");
        DemoModelForge.Write(folder);

        Assert.Null(ModelDefaults.Read(folder).SizeForAspectRatio(16.0 / 9));
    }

    [Fact]
    public void PixelCap_IsFourTimesTheLargestTrainedArea_UnderTheOperatorsLimit()
    {
        const int Generous = 8 * 1024 * 1024;
        var sdxl = Forged("xl", SdxlDemoVariant.Base);

        Assert.Equal(1024 * 1024, ModelDefaults.None.PixelCap(Generous));
        Assert.Equal(4 * 1024 * 1024, sdxl.PixelCap(Generous));
        Assert.Equal(1024 * 1024, Forged("xl-turbo", SdxlDemoVariant.Turbo).PixelCap(Generous));
        Assert.Equal(512 * 512, sdxl.PixelCap(512 * 512));
    }

    [Fact]
    public void PixelCap_ComesFromDiffusionbotJson_WhenItSetsMaxPixels()
    {
        var folder = Path.Combine(_root.Path, "xl");
        SdxlDemoModelForge.Write(folder);
        File.WriteAllText(Path.Combine(folder, ModelDefaults.FileName), """{"max_pixels": 1500000}""");

        Assert.Equal(1_500_000, ModelDefaults.Read(folder).PixelCap(8 * 1024 * 1024));
    }

    [Fact]
    public void Validate_RefusesWithTheFamilysCap_WhenASd15RequestIsLargerThanItsFamilyAllows()
    {
        var options = new EngineOptions { MaxPixels = 8 * 1024 * 1024 };
        var request = new GenerationRequest { Prompt = "red", Width = 1536, Height = 1536 };

        var error = Assert.Throws<InvalidRequestException>(() => RequestValidator.Validate(request, options, canImageToImage: true, ModelDefaults.None));
        RequestValidator.Validate(request, options, canImageToImage: true, Forged("xl", SdxlDemoVariant.Base));

        Assert.Equal("1536×1536 is too large; the limit for this model is 1,048,576 pixels per image (e.g. 1024×1024).", error.Message);
    }

    [Fact]
    public void Read_PairsTheRefiner_FromDiffusionbotJson()
    {
        SdxlDemoPair.Write(_root.Path, highNoiseFraction: 0.7f);

        var defaults = ModelDefaults.Read(Path.Combine(_root.Path, SdxlDemoPair.BaseName));

        Assert.Equal((SdxlDemoPair.RefinerName, 0.7f), (defaults.Refiner, defaults.HighNoiseFraction));
    }

    [Theory]
    [InlineData("""{"refiner": "../elsewhere"}""", "refiner must name a model folder")]
    [InlineData("""{"high_noise_frac": 1.0}""", "high_noise_frac must be between 0 and 1, not 1")]
    [InlineData("""{"inpaint_model": "../elsewhere"}""", "inpaint_model must name a model folder")]
    public void Read_RefusesABadPairing_NamingTheFile(string json, string problem)
    {
        var folder = Path.Combine(_root.Path, "xl");
        SdxlDemoModelForge.Write(folder);
        File.WriteAllText(Path.Combine(folder, ModelDefaults.FileName), json);

        var error = Assert.Throws<ModelFolderException>(() => ModelDefaults.Read(folder));

        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains(ModelDefaults.FileName, error.Message, StringComparison.Ordinal);
    }

    private ModelDefaults Forged(string name, SdxlDemoVariant variant)
    {
        var folder = Path.Combine(_root.Path, name);
        if (!Directory.Exists(folder))
        {
            SdxlDemoModelForge.Write(folder, variant);
        }

        return ModelDefaults.Read(folder);
    }

    public void Dispose() => _root.Dispose();
}
