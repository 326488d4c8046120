using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>The demo forged with a per-position posterior (<see cref="DemoModelOptions.LocalPosterior"/>), for repainting regions.</summary>
public sealed class LocalDemoFixture : IDisposable
{
    public LocalDemoFixture()
    {
        Root = Directory.CreateTempSubdirectory("diffusionbot-demo-local-").FullName;
        DemoModelForge.Write(Path.Combine(Root, "demo"), new DemoModelOptions { LocalPosterior = true });
        Catalog = new ModelCatalog(Root, new SessionFactory("cpu"));
        Options = new EngineOptions { MaxPixels = 512 * 512 };
        Pipeline = new DiffusionPipeline(Catalog.Open("demo"), Options);
    }

    public string Root { get; }

    public ModelCatalog Catalog { get; }

    public EngineOptions Options { get; }

    public DiffusionPipeline Pipeline { get; }

    public void Dispose()
    {
        Catalog.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}
