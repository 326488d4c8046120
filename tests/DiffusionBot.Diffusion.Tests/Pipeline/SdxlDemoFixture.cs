using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>The SDXL demo model (base and refiner) forged once into a temp folder and opened on the CPU provider.</summary>
public sealed class SdxlDemoFixture : IDisposable
{
    public const string BaseName = "demo-xl";
    public const string RefinerName = "demo-xl-refiner";

    public SdxlDemoFixture()
    {
        Root = Directory.CreateTempSubdirectory("diffusionbot-demo-xl-").FullName;
        SdxlDemoModelForge.Write(Path.Combine(Root, BaseName));
        Catalog = new ModelCatalog(Root, new SessionFactory("cpu"));
        Options = new EngineOptions { MaxPixels = 512 * 512 };
        Pipeline = new DiffusionPipeline(Catalog.Open(BaseName), Options);
    }

    public string Root { get; }

    public ModelCatalog Catalog { get; }

    public EngineOptions Options { get; }

    public DiffusionPipeline Pipeline { get; }

    /// <summary>Forges (once) and opens another SDXL demo variant.</summary>
    public DiffusionPipeline Variant(string name, SdxlDemoVariant variant)
    {
        var folder = Path.Combine(Root, name);
        if (!Directory.Exists(folder))
        {
            SdxlDemoModelForge.Write(folder, variant);
        }

        return new DiffusionPipeline(Catalog.Open(name), Options);
    }

    public void Dispose()
    {
        Catalog.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class SdxlDemoCollection : ICollectionFixture<SdxlDemoFixture>
{
    public const string Name = "sdxl demo model";
}
