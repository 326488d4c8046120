using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Residency;

namespace DiffusionBot.Diffusion.Tests.Residency;

/// <summary>Models in memory (issue #14, item 4): three forged models under a limit of two.</summary>
public sealed class ResidentModelsTests : IDisposable
{
    private static readonly GenerationRequest Request = new() { Prompt = "a red fox", Width = 64, Height = 64, Steps = 2, Seed = 4, Sampler = "euler" };

    private readonly string _root = Directory.CreateTempSubdirectory("diffusionbot-resident-").FullName;
    private readonly ModelCatalog _catalog;
    private readonly List<string> _warmed = [];
    private readonly Dictionary<string, List<StableDiffusionModel>> _instances = [];

    public ResidentModelsTests()
    {
        foreach (var name in new[] { "a", "b", "c" })
        {
            TinyModelForge.Write(Path.Combine(_root, name), new TinyModelOptions());
        }

        _catalog = new ModelCatalog(_root, new SessionFactory("cpu"));
    }

    [Fact]
    public void Acquire_KeepsTwo_UnloadingTheLeastRecentlyUsedIdleModel()
    {
        using var models = Resident(new ResidencyLimits(2, 0));

        Use(models, "a");
        Use(models, "b");
        Use(models, "a");
        Use(models, "c");

        Assert.Equal(["c", "a"], models.Loaded);
        Assert.True(_instances["b"].Single().IsDisposed);
        Assert.False(_instances["a"].Single().IsDisposed);
        Assert.Equal(["a", "b", "c"], _warmed);
    }

    [Fact]
    public void Acquire_NeverUnloadsTheModelARunningJobUses()
    {
        using var models = Resident(new ResidencyLimits(2, 0));
        using var running = models.Acquire("a");

        Use(models, "b");
        Use(models, "c");
        Use(models, "b");

        Assert.False(_instances["a"].Single().IsDisposed);
        Assert.Contains("a", models.Loaded);
        Assert.Equal(2, models.Loaded.Count);
        Assert.Single(running.Pipeline.Generate(Request).Images);
    }

    [Fact]
    public void Release_UnloadsDownToTheLimit_WhenEveryModelWasInUse()
    {
        using var models = Resident(new ResidencyLimits(2, 0));
        var leases = new[] { models.Acquire("a"), models.Acquire("b"), models.Acquire("c") };

        Assert.Equal(3, models.Loaded.Count);

        foreach (var lease in leases)
        {
            lease.Dispose();
        }

        Assert.Equal(["c", "b"], models.Loaded);
        Assert.True(_instances["a"].Single().IsDisposed);
    }

    [Fact]
    public void Acquire_ReloadsAnUnloadedModel_AndItStillGeneratesTheSameImage()
    {
        using var models = Resident(new ResidencyLimits(1, 0));
        byte[] first;
        using (var lease = models.Acquire("a"))
        {
            first = lease.Pipeline.Generate(Request).Images[0].Png;
        }

        Use(models, "b");
        using var again = models.Acquire("a");

        Assert.Equal(2, _instances["a"].Count);
        Assert.True(_instances["a"][0].IsDisposed);
        Assert.Equal(first, again.Pipeline.Generate(Request).Images[0].Png);
    }

    [Fact]
    public void Acquire_KeepsTheSummedWeightsWithinTheBudget()
    {
        var oneModel = ResidentModels.WeightBytes(Path.Combine(_root, "a"));
        using var models = Resident(new ResidencyLimits(3, oneModel * 3 / 2));

        Use(models, "a");
        Use(models, "b");

        Assert.Equal(["b"], models.Loaded);
        Assert.True(_instances["a"].Single().IsDisposed);
    }

    [Fact]
    public void Acquire_RefusesAnUnknownModel_NamingTheAvailableOnes()
    {
        using var models = Resident(new ResidencyLimits(2, 0));

        var error = Assert.Throws<ModelFolderException>(() => models.Acquire("nope"));

        Assert.Contains("available: a, b, c", error.Message, StringComparison.Ordinal);
        Assert.Empty(models.Loaded);
    }

    private ResidentModels Resident(ResidencyLimits limits) => new(
        _catalog,
        limits,
        model =>
        {
            if (!_instances.TryGetValue(model.Name, out var list))
            {
                _instances[model.Name] = list = [];
            }

            list.Add(model);
            return new DiffusionPipeline(model, new EngineOptions());
        },
        pipeline => _warmed.Add(pipeline.Model.Name));

    private static void Use(ResidentModels models, string name)
    {
        using var lease = models.Acquire(name);
        Assert.Single(lease.Pipeline.Generate(Request).Images);
    }

    public void Dispose()
    {
        _catalog.Dispose();
        Directory.Delete(_root, recursive: true);
    }
}
