using DiffusionBot.Diffusion.Forge;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>What <c>models</c> and <c>/info</c> call each family, and the added conditioning inputs <c>models</c> lists.</summary>
[Collection(SdxlDemoCollection.Name)]
public sealed class SdxlFamilyTagTests(SdxlDemoFixture demo)
{
    [Theory]
    [InlineData("demo-xl-tag-base", SdxlDemoVariant.Base, "sdxl")]
    [InlineData("demo-xl-tag-turbo", SdxlDemoVariant.Turbo, "sdxl/turbo")]
    [InlineData("demo-xl-tag-lcm", SdxlDemoVariant.Lcm, "sdxl/lcm")]
    [InlineData("demo-xl-tag-refiner", SdxlDemoVariant.Refiner, "sdxl-refiner")]
    public void FamilyTag_NamesTheArchitectureAndVariant(string name, SdxlDemoVariant variant, string tag)
    {
        var model = demo.Variant(name, variant).Model;

        Assert.Equal(tag, model.Defaults.FamilyTag);
        Assert.Contains($"family: {tag};", model.Describe().First(), StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_ListsTheAddedConditioningInputs_ThatTheUnetTakes()
    {
        var lines = demo.Pipeline.Model.Describe().ToList();
        var lcm = demo.Variant("demo-xl-tag-lcm", SdxlDemoVariant.Lcm).Model.Describe().ToList();
        var refiner = demo.Variant("demo-xl-tag-refiner", SdxlDemoVariant.Refiner).Model.Describe().ToList();

        Assert.Contains(lines, l => l.StartsWith("added conditioning: text_embeds float32[?,", StringComparison.Ordinal) && l.Contains("time_ids float32[?,6]", StringComparison.Ordinal) && !l.Contains("timestep_cond", StringComparison.Ordinal));
        Assert.Contains(lcm, l => l.StartsWith("added conditioning: ", StringComparison.Ordinal) && l.Contains("timestep_cond", StringComparison.Ordinal));
        Assert.Contains(refiner, l => l.StartsWith("added conditioning: ", StringComparison.Ordinal) && l.Contains("time_ids float32[?,5]", StringComparison.Ordinal));
    }

    [Fact]
    public void FamilyTag_IsSd15_ForTheSd15Demo()
    {
        using var folder = new Forge.TempModelFolder();
        DemoModelForge.Write(folder.File("demo"));

        Assert.Equal("sd15", DiffusionBot.Diffusion.Models.ModelDefaults.Read(folder.File("demo")).FamilyTag);
    }
}
