using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Tests.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Models;

[Collection(DemoModelCollection.Name)]
public sealed class StableDiffusionModelTests(DemoModelFixture demo) : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("diffusionbot-broken-").FullName;

    [Fact]
    public void Open_ReadsShapesAndTypes_FromTheSessions()
    {
        var model = demo.Pipeline.Model;

        Assert.Equal(32, model.TextEncoder.HiddenSize);
        Assert.Equal(77, model.TextEncoder.SequenceLength);
        Assert.Equal(4, model.Unet.LatentChannels);
        Assert.Equal(0.18215f, model.ScalingFactor);
        Assert.NotNull(model.VaeEncoder);
        Assert.Null(model.SafetyChecker);
        Assert.Contains(model.Describe(), line => line.StartsWith("unet: in: sample float32", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("unet/model.onnx", "is missing")]
    [InlineData("model_index.json", "is missing")]
    [InlineData("scheduler/scheduler_config.json", "is missing")]
    [InlineData("tokenizer/vocab.json", "vocab.json")]
    public void Open_NamesTheFile_WhenOneIsMissing(string file, string problem)
    {
        var folder = BrokenCopy(f => File.Delete(Path.Combine(f, file)));

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Open(folder, new SessionFactory("cpu")));

        Assert.EndsWith(Path.GetFileName(file), error.File, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Open_NamesTheFile_WhenAModelIsCorrupt()
    {
        var folder = BrokenCopy(f =>
        {
            var path = Path.Combine(f, "vae_decoder", "model.onnx");
            var bytes = File.ReadAllBytes(path);
            File.WriteAllBytes(path, bytes[..(bytes.Length / 3)]);
        });

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Open(folder, new SessionFactory("cpu")));

        Assert.EndsWith(Path.Combine("vae_decoder", "model.onnx"), error.File, StringComparison.Ordinal);
        Assert.Contains("corrupt or incomplete", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_NamesTheFile_WhenTheSchedulerConfigIsNotJson()
    {
        var folder = BrokenCopy(f => File.WriteAllText(Path.Combine(f, "scheduler", "scheduler_config.json"), "{ not json"));

        var error = Assert.Throws<ModelFolderException>(() => StableDiffusionModel.Open(folder, new SessionFactory("cpu")));

        Assert.EndsWith("scheduler_config.json", error.File, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_ThrowsForAnUnknownModel_ListingTheKnownOnes()
    {
        var error = Assert.Throws<ModelFolderException>(() => demo.Catalog.Open("sdxl-unicorn"));

        Assert.Contains("available: demo", error.Message, StringComparison.Ordinal);
    }

    private string BrokenCopy(Action<string> breakIt)
    {
        var folder = Path.Combine(_scratch, Guid.NewGuid().ToString("N"));
        DemoModelFixture.CopyDirectory(demo.DemoFolder, folder);
        breakIt(folder);
        return folder;
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
