using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Pipeline;

/// <summary>The demo model forged once into a temp folder and opened on the CPU provider.</summary>
public sealed class DemoModelFixture : IDisposable
{
    public DemoModelFixture()
    {
        Root = Directory.CreateTempSubdirectory("diffusionbot-demo-").FullName;
        DemoModelForge.Write(Path.Combine(Root, "demo"));
        Catalog = new ModelCatalog(Root, new SessionFactory("cpu"));
        Options = new EngineOptions { MaxPixels = 512 * 512 };
        Pipeline = new DiffusionPipeline(Catalog.Open("demo"), Options);
    }

    public string Root { get; }

    public string DemoFolder => Path.Combine(Root, "demo");

    public ModelCatalog Catalog { get; }

    public EngineOptions Options { get; }

    public DiffusionPipeline Pipeline { get; }

    /// <summary>A copy of the demo model whose scheduler config is rewritten by <paramref name="edit"/>.</summary>
    public DiffusionPipeline VariantWithScheduler(string name, Func<string, string> edit)
    {
        var folder = Path.Combine(Root, name);
        if (!Directory.Exists(folder))
        {
            CopyDirectory(DemoFolder, folder);
            var config = Path.Combine(folder, "scheduler", "scheduler_config.json");
            File.WriteAllText(config, edit(File.ReadAllText(config)));
        }

        return new DiffusionPipeline(Catalog.Open(name), Options);
    }

    public static void CopyDirectory(string source, string destination)
    {
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(destination, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    public void Dispose()
    {
        Catalog.Dispose();
        Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class DemoModelCollection : ICollectionFixture<DemoModelFixture>
{
    public const string Name = "demo model";
}
