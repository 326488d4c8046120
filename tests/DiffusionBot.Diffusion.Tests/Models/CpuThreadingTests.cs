using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Forge;

namespace DiffusionBot.Diffusion.Tests.Models;

/// <summary>The Diffusion:Cpu settings: validated with the key named, and both the tuned and ORT's default threading run a model.</summary>
public sealed class CpuThreadingTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(CpuOptions.MaxThreads + 1)]
    public void Constructor_RefusesAnOutOfRangeThreadCount_NamingTheKey(int threads)
    {
        var error = Assert.Throws<ArgumentException>(() => new SessionFactory("cpu", cpu: new CpuOptions { IntraOpThreads = threads }));

        Assert.Contains("Diffusion:Cpu:IntraOpThreads", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolvedIntraOpThreads_IsTheConfiguredCount_WhenOneIsGiven()
    {
        Assert.Equal(3, new CpuOptions { IntraOpThreads = 3 }.ResolvedIntraOpThreads());
        Assert.InRange(new CpuOptions().ResolvedIntraOpThreads(), 1, Environment.ProcessorCount);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Generate_RunsTheDemo_WithTunedOrDefaultThreading(bool ortDefaults)
    {
        using var root = new TempModelFolder();
        DemoModelForge.Write(root.File("demo"));
        using var catalog = new ModelCatalog(root.Path, new SessionFactory("cpu", cpu: new CpuOptions { OrtDefaults = ortDefaults, IntraOpThreads = 2 }));
        var pipeline = new DiffusionPipeline(catalog.Open("demo"), new EngineOptions());

        var result = pipeline.Generate(new GenerationRequest { Prompt = "red", Width = 64, Height = 64, Steps = 20, Seed = 3, Sampler = "euler" });

        var mean = Pipeline.ImageStats.Of(result.Images[0].Png).Mean;
        Assert.True(mean.IsRed, $"painted {mean}");
    }
}
