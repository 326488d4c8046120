using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Tests.Forge;

namespace DiffusionBot.Diffusion.Tests.Models;

public sealed class ModelDefaultsTests : IDisposable
{
    private readonly TempModelFolder _root = new();

    [Fact]
    public void Read_DetectsSdTurbo_WhenTheFolderNameSaysTurbo()
    {
        var folder = Folder("sd-turbo", scheduler: """{"_class_name": "EulerDiscreteScheduler", "timestep_spacing": "trailing"}""");

        var defaults = ModelDefaults.Read(folder);

        Assert.Equal((1, 0f, "SD-Turbo"), (defaults.Steps, defaults.Guidance, defaults.Family));
        Assert.Equal("1 step, guidance 0 (SD-Turbo; 1–4 steps, guidance 0)", defaults.Describe());
    }

    [Fact]
    public void Read_DetectsSdTurbo_WhenModelIndexNamesIt()
    {
        var folder = Folder("fast", index: """{"_class_name": "StableDiffusionPipeline", "_name_or_path": "stabilityai/sd-turbo"}""");

        Assert.Equal("SD-Turbo", ModelDefaults.Read(folder).Family);
    }

    [Theory]
    [InlineData("""{"_class_name": "LCMScheduler"}""", null)]
    [InlineData("""{"_class_name": "PNDMScheduler", "skip_prk_steps": true}""", """{"time_cond_proj_dim": 256, "sample_size": 64}""")]
    public void Read_DetectsLcm_WhenTheSchedulerOrTheUnetSaysSo(string scheduler, string? unet)
    {
        var defaults = ModelDefaults.Read(Folder("dreamshaper", scheduler: scheduler, unet: unet));

        Assert.Equal((4, 1f, "lcm", "LCM"), (defaults.Steps, defaults.Guidance, defaults.Sampler, defaults.Family));
    }

    [Fact]
    public void Read_Sizes768_WhenVPredictionWithSampleSize96()
    {
        var defaults = ModelDefaults.Read(Folder("sd21", scheduler: """{"_class_name": "DDIMScheduler", "prediction_type": "v_prediction"}""", unet: """{"sample_size": 96}"""));

        Assert.Equal((768, 768, "SD 2.x 768-v"), (defaults.Width, defaults.Height, defaults.Family));
        Assert.Null(defaults.Steps);
    }

    [Fact]
    public void Read_FindsNothing_ForTheDemoModel()
    {
        DemoModelForge.Write(_root.File("demo"));

        Assert.Equal(ModelDefaults.None with { Architecture = "sd15" }, ModelDefaults.Read(_root.File("demo")));
    }

    [Fact]
    public void Read_LetsTheFileOverrideDetection_KeyByKey()
    {
        var folder = Folder("sd-turbo");
        File.WriteAllText(Path.Combine(folder, ModelDefaults.FileName), """{"steps": 2, "size": "640x512", "sampler": "Euler a", "negative_prompt": "blurry"}""");

        var defaults = ModelDefaults.Read(folder);

        Assert.Equal((2, 0f, 640, 512, "euler_a", "blurry"), (defaults.Steps, defaults.Guidance, defaults.Width, defaults.Height, defaults.Sampler, defaults.NegativePrompt));
    }

    [Theory]
    [InlineData("""{"stepz": 4}""", "unknown key 'stepz'")]
    [InlineData("""{"steps": 0}""", "steps must be 1 to 1000")]
    [InlineData("""{"guidance": 80}""", "guidance must be 0 to 50")]
    [InlineData("""{"size": "770x768"}""", "size must look like 768x768")]
    [InlineData("""{"sampler": "heun"}""", "sampler 'heun' is unknown")]
    [InlineData("""{"steps": "many"}""", "not valid JSON of the expected shape")]
    [InlineData("""[4]""", "is not a JSON object")]
    public void Read_RefusesNamingTheProblem_WhenTheFileIsBad(string json, string expected)
    {
        var folder = Folder("model");
        File.WriteAllText(Path.Combine(folder, ModelDefaults.FileName), json);

        var error = Assert.Throws<ModelFolderException>(() => ModelDefaults.Read(folder));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(ModelDefaults.FileName, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_DescribesTheDefaults_WhenTheDemoFolderHasAFile()
    {
        DemoModelForge.Write(_root.File("demo"));
        File.WriteAllText(_root.File("demo", ModelDefaults.FileName), """{"steps": 4, "guidance": 1.5}""");
        using var catalog = new ModelCatalog(_root.Path, new SessionFactory("cpu"));

        var model = catalog.Open("demo");

        Assert.Equal(4, model.Defaults.Steps);
        Assert.Contains("defaults: 4 steps, guidance 1.5", model.Describe());
    }

    public void Dispose() => _root.Dispose();

    private string Folder(string name, string? index = null, string? scheduler = null, string? unet = null)
    {
        var folder = _root.File(name);
        Directory.CreateDirectory(Path.Combine(folder, "scheduler"));
        File.WriteAllText(Path.Combine(folder, "model_index.json"), index ?? """{"_class_name": "StableDiffusionPipeline"}""");
        File.WriteAllText(Path.Combine(folder, "scheduler", "scheduler_config.json"), scheduler ?? """{"_class_name": "PNDMScheduler", "skip_prk_steps": true}""");
        if (unet is not null)
        {
            Directory.CreateDirectory(Path.Combine(folder, "unet"));
            File.WriteAllText(Path.Combine(folder, "unet", "config.json"), unet);
        }

        return folder;
    }
}
