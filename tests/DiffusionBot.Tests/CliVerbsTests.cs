using DiffusionBot.Diffusion.Forge;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Tests;

public sealed class CliVerbsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-cli-").FullName;

    [Fact]
    public void Imagine_WritesARedPng_AndForgesTheDemoModelOnFirstRun()
    {
        var result = CliProcess.Run(_folder, "imagine", "red", "--out", "red.png", "--size", "128x128", "--seed", "1");

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(_folder, "models", "demo", "unet", "model.onnx")));
        using var image = Image.Load<Rgb24>(Path.Combine(_folder, "red.png"));
        var centre = image[64, 64];
        Assert.True(centre.R > 150 && centre.G < 90 && centre.B < 90, $"centre {centre}");
    }

    [Fact]
    public void Imagine_RunsImageToImage_FromAnInitFile()
    {
        Assert.Equal(0, CliProcess.Run(_folder, "imagine", "green", "--out", "green.png", "--size", "128x128").ExitCode);

        var result = CliProcess.Run(_folder, "imagine", "red", "--init", "green.png", "--strength", "0.9", "--size", "128x128", "--sampler", "euler", "--count", "2", "--out", "red.png");

        Assert.Equal(0, result.ExitCode);
        Assert.True(File.Exists(Path.Combine(_folder, "red-2.png")));
    }

    [Fact]
    public void Imagine_RunsTheSampler_WhenGivenItsA1111Name()
    {
        var result = CliProcess.Run(_folder, "imagine", "red", "--sampler", "DPM++ 2M Karras", "--steps", "10", "--size", "64x64", "--out", "red.png");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("dpm++2m_karras 10 steps", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Steps must be between 1 and 150", "imagine", "red", "--steps", "0")]
    [InlineData("Steps must be between 1 and 150", "imagine", "red", "--steps", "10000")]
    [InlineData("multiples of 8", "imagine", "red", "--size", "7x7")]
    [InlineData("too large", "imagine", "red", "--size", "4096x4096")]
    [InlineData("Unknown sampler 'warp'", "imagine", "red", "--sampler", "warp")]
    [InlineData("has no option --frobnicate", "imagine", "red", "--frobnicate", "1")]
    [InlineData("no such model", "imagine", "red", "--model", "nope")]
    [InlineData("not a PNG, JPEG or WebP", "imagine", "red", "--init", "notes.txt")]
    public void Imagine_PrintsOneLineAndFails_OnBadInput(string expected, params string[] args)
    {
        File.WriteAllText(Path.Combine(_folder, "notes.txt"), "not an image");

        var result = CliProcess.Run(_folder, args);

        Assert.NotEqual(0, result.ExitCode);
        var lines = result.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines);
        Assert.Contains(expected, lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Imagine_NamesTheFile_WhenTheModelIsIncomplete()
    {
        DemoModelForge.Write(Path.Combine(_folder, "models", "broken"));
        File.Delete(Path.Combine(_folder, "models", "broken", "vae_decoder", "model.onnx"));

        var result = CliProcess.Run(_folder, "imagine", "red", "--model", "broken");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("vae_decoder/model.onnx: is missing", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokenize_PrintsClipIds_AsOneJsonArray()
    {
        DemoModelForge.Write(Path.Combine(_folder, "m"));

        var result = CliProcess.Run(_folder, "tokenize", "--tokenizer", Path.Combine("m", "tokenizer"), "a photo of a cat");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal("[49406,320,1125,539,320,2368,49407]", result.Output.Trim());
    }

    [Fact]
    public void Forge_WritesSd15ArchitectureAtQuarterWidth_ThatModelsListsAndImagineRuns()
    {
        var forge = CliProcess.Run(_folder, "forge", "--arch", "sd15", "--width-div", "4");
        var models = CliProcess.Run(_folder, "models");
        var text = CliProcess.Run(_folder, "imagine", "a red fox", "--model", "sd15-w4", "--size", "64x64", "--steps", "2", "--out", "fox.png");
        var image = CliProcess.Run(_folder, "imagine", "a red fox", "--model", "sd15-w4", "--init", "fox.png", "--strength", "0.5", "--size", "64x64", "--steps", "2", "--out", "fox2.png");

        Assert.Equal(0, forge.ExitCode);
        Assert.Contains("sd15-w4", models.Output, StringComparison.Ordinal);
        Assert.Contains("encoder_hidden_states float32[?,?,192]", models.Output, StringComparison.Ordinal);
        Assert.True(text.ExitCode == 0, text.Output + text.Error);
        Assert.True(image.ExitCode == 0, image.Output + image.Error);
        using var png = Image.Load<Rgb24>(Path.Combine(_folder, "fox2.png"));
        Assert.Equal((64, 64), (png.Width, png.Height));
    }

    [Fact]
    public void Forge_RefusesAWidthDivisorThatSplitsHeads_Politely()
    {
        var result = CliProcess.Run(_folder, "forge", "--arch", "sd15", "--width-div", "3");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--width-div 3", result.Output + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", result.Output + result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Models_ListsEachModelWithItsDetectedIo()
    {
        DemoModelForge.Write(Path.Combine(_folder, "models", "demo"));
        TinyModelForge.Write(Path.Combine(_folder, "models", "tiny-fp16"), new TinyModelOptions { FloatType = TinyFloatType.Float16, IdsType = TinyIdsType.Int64 });

        var result = CliProcess.Run(_folder, "models");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("tiny-fp16", result.Output, StringComparison.Ordinal);
        Assert.Contains("sample float16[?,4,?,?]", result.Output, StringComparison.Ordinal);
        Assert.Contains("timestep float32[?]", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelsAndImagine_ShowAndUseTheModelsDefaults_WhileFlagsStillOverride()
    {
        DemoModelForge.Write(Path.Combine(_folder, "models", "demo"));
        File.WriteAllText(Path.Combine(_folder, "models", "demo", "diffusionbot.json"), """{"steps": 3, "size": "64x64", "sampler": "euler"}""");

        var models = CliProcess.Run(_folder, "models");
        var defaulted = CliProcess.Run(_folder, "imagine", "red", "--out", "a.png");
        var overridden = CliProcess.Run(_folder, "imagine", "red", "--steps", "2", "--out", "b.png");

        Assert.Contains("defaults: 3 steps, 64x64, sampler euler", models.Output, StringComparison.Ordinal);
        Assert.Contains("demo euler 3 steps 64x64", defaulted.Error, StringComparison.Ordinal);
        Assert.Contains("demo euler 2 steps 64x64", overridden.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Quotas_ListsChannelsWithLimitsUsageAndTheLastChange()
    {
        var jobs = new DiffusionBot.Chat.Jobs.JobsOptions { ConnectionString = $"Data Source={Path.Combine(_folder, "data", "diffusionbot.db")}" };
        var store = new DiffusionBot.Chat.Quotas.QuotaStore(new DiffusionBot.Chat.Storage.BotDatabase(jobs), Microsoft.Extensions.Options.Options.Create(new DiffusionBot.Chat.Quotas.QuotaOptions()), TimeProvider.System);
        var art = new DiffusionBot.Chat.Quotas.QuotaScope("Discord", "guild1", "art");
        store.Change(art, DiffusionBot.Chat.Quotas.QuotaPolicyBuilder.Build(200, 20, "24h", null, null), "u1", "ann");
        store.TryReserve(art, "u2", "r1", 4, store.Resolve(art).Policy);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var result = CliProcess.Run(_folder, "quotas");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Discord guild1 #art: 200 images per 24 h, 20 per person per 24 h (set for this channel); used 4 of 200 in the last 24 h; last change", result.Output, StringComparison.Ordinal);
        Assert.Contains("by ann: default → 200 images per 24 h, 20 per person per 24 h", result.Output, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
