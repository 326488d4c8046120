using DiffusionBot.Diffusion.Device;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Forge;

namespace DiffusionBot.Diffusion.Tests.Device;

/// <summary>
/// The device-resident loop (issue #14, item 2): every scheduler's step graph gives the host scheduler's bits for every
/// exporter convention, and the transfer counter shows what crosses between host and device and when.
/// </summary>
public sealed class DenoisingLoopTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("diffusionbot-loop-").FullName;
    private readonly List<ModelCatalog> _catalogs = [];

    public static TheoryData<string, string> VariantsAndSamplers
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (name, options) in TinyModelVariants.All)
            {
                string[] samplers = options.LcmTimestepCond ? ["lcm"] : ["euler", "euler_a", "ddim", "dpm++2m", "dpm++2m_karras", "pndm", "lcm"];
                foreach (var sampler in samplers)
                {
                    data.Add(name, sampler);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(VariantsAndSamplers))]
    public void DeviceStep_GivesTheHostStepsBytes_ForEveryVariant(string variant, string sampler)
    {
        TinyModelForge.Write(Path.Combine(_root, variant), TinyModelVariants.All[variant]);
        AssertSameBytesOnBothPaths(variant, sampler);
    }

    [Fact]
    public void DeviceStep_ClampsLikeTheHost_WhenDdimClipsTheSample()
    {
        TinyModelForge.Write(Path.Combine(_root, "clipped"), new TinyModelOptions());
        var config = Path.Combine(_root, "clipped", "scheduler", "scheduler_config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"clip_sample\": false", "\"clip_sample\": true, \"clip_sample_range\": 0.05", StringComparison.Ordinal));
        Assert.Contains("\"clip_sample_range\": 0.05", File.ReadAllText(config), StringComparison.Ordinal);

        AssertSameBytesOnBothPaths("clipped", "ddim");
    }

    private void AssertSameBytesOnBothPaths(string variant, string sampler)
    {
        using var onDevice = new ModelCatalog(_root, new SessionFactory("cpu"));
        using var onHost = new ModelCatalog(_root, new SessionFactory("cpu"));
        var device = new DiffusionPipeline(onDevice.Open(variant), new EngineOptions());
        var hostModel = onHost.Open(variant);
        hostModel.Unet.ForceHostStep = true;
        var host = new DiffusionPipeline(hostModel, new EngineOptions());
        var text = new GenerationRequest { Prompt = "a red fox", NegativePrompt = "blurry", Width = 64, Height = 64, Steps = 4, Count = 2, Seed = 9, Sampler = sampler };
        var unguided = text with { GuidanceScale = 1f, Count = 1 };

        var deviceText = device.Generate(text);
        var hostText = host.Generate(text);
        var image = new GenerationRequest { Prompt = "a red fox", InitImage = hostText.Images[0].Png, Strength = 0.6f, Width = 64, Height = 64, Steps = 5, Seed = 9, Sampler = sampler };

        Assert.Equal(hostText.Images.Select(i => i.Png), deviceText.Images.Select(i => i.Png));
        Assert.Equal(host.Generate(unguided).Images[0].Png, device.Generate(unguided).Images[0].Png);
        Assert.Equal(host.Generate(image).Images[0].Png, device.Generate(image).Images[0].Png);
    }

    [Theory]
    [InlineData("euler")]
    [InlineData("euler_a")]
    [InlineData("ddim")]
    [InlineData("dpm++2m_karras")]
    [InlineData("pndm")]
    [InlineData("lcm")]
    public void DeviceStep_CopiesNothingPerStep_AndReadsTheLatentsOnceAtTheEnd(string sampler)
    {
        var (pipeline, unet) = Open("fp32");
        unet.Transfers.Reset();

        pipeline.Generate(new GenerationRequest { Prompt = "a red fox", Width = 64, Height = 64, Steps = 6, Seed = 1, Sampler = sampler });

        Assert.Equal(0, unet.Transfers.Copies(TransferPhase.Step));
        Assert.Equal(0, unet.Transfers.Copies(TransferPhase.Preview));
        Assert.Equal(1, unet.Transfers.Copies(TransferPhase.Result));
        Assert.Equal(4 * 8 * 8 * sizeof(float), unet.Transfers.Bytes(TransferPhase.Result));
        Assert.True(unet.Transfers.Copies(TransferPhase.Setup) > 0);
    }

    [Theory]
    [InlineData("pndm")]
    [InlineData("euler_a")]
    public void HostStep_CountsSampleTimestepAndPrediction_OnEveryStep(string sampler)
    {
        var (pipeline, unet) = Open("fp32");
        unet.ForceHostStep = true;
        unet.Transfers.Reset();
        var evaluations = 0;

        pipeline.Generate(
            new GenerationRequest { Prompt = "a red fox", Width = 64, Height = 64, Steps = 5, Seed = 1, Sampler = sampler },
            (in DenoisingProgress p) => evaluations++);

        Assert.Equal(3 * evaluations, unet.Transfers.Copies(TransferPhase.Step));
        Assert.Equal(0, unet.Transfers.Copies(TransferPhase.Preview));
        Assert.Equal(0, unet.Transfers.Copies(TransferPhase.Result));
    }

    [Fact]
    public void DeviceStep_ReadsLatentsForAPreview_OnlyWhenTheCallbackLooks()
    {
        var (pipeline, unet) = Open("fp32");
        unet.Transfers.Reset();
        var looked = new List<float[]>();

        pipeline.Generate(
            new GenerationRequest { Prompt = "a red fox", Width = 64, Height = 64, Steps = 6, Seed = 1, Sampler = "euler" },
            (in DenoisingProgress p) =>
            {
                if (p.Step == 3)
                {
                    looked.Add(p.PredictedOriginal.ToArray());
                    looked.Add(p.PredictedOriginal.ToArray());
                    looked.Add(p.Latents.ToArray());
                }
            });

        Assert.Equal(2, unet.Transfers.Copies(TransferPhase.Preview));
        Assert.Equal(0, unet.Transfers.Copies(TransferPhase.Step));
        Assert.Equal(looked[0], looked[1]);
        Assert.NotEqual(looked[0], looked[2]);
    }

    [Fact]
    public void Generate_RefusesAnotherSizePolitely_WhenTheUnetReplaysACapturedGraph()
    {
        TinyModelForge.Write(Path.Combine(_root, "captured"), new TinyModelOptions());
        using var catalog = new ModelCatalog(_root, new CapturedGraphSessions(new SessionFactory("cpu")));
        var pipeline = new DiffusionPipeline(catalog.Open("captured"), new EngineOptions());
        var served = new GenerationRequest { Prompt = "a red fox", Width = 64, Height = 64, Steps = 2, Seed = 1, Sampler = "euler" };
        pipeline.Generate(served);

        var error = Assert.Throws<InvalidRequestException>(() => pipeline.Generate(served with { Width = 128 }));

        Assert.Contains("captured for 64×64", error.Message, StringComparison.Ordinal);
        Assert.Single(pipeline.Generate(served).Images);
    }

    private (DiffusionPipeline Pipeline, Unet Unet) Open(string name)
    {
        TinyModelForge.Write(Path.Combine(_root, name), new TinyModelOptions());
        var catalog = new ModelCatalog(_root, new SessionFactory("cpu"));
        _catalogs.Add(catalog);
        var model = catalog.Open(name);
        return (new DiffusionPipeline(model, new EngineOptions()), model.Unet);
    }

    public void Dispose()
    {
        foreach (var catalog in _catalogs)
        {
            catalog.Dispose();
        }

        Directory.Delete(_root, recursive: true);
    }
}
