using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Forge;
using DiffusionBot.Diffusion.Tests.Pipeline;

namespace DiffusionBot.Diffusion.Tests.Lora;

/// <summary>The demo's <c>red-to-blue</c> LoRA through the engine: named by file, merged per LoRA set, cached.</summary>
public sealed class DemoLoraTests : IDisposable
{
    private const int Size = 64;

    private readonly TempModelFolder _root = new();
    private readonly ModelCatalog _catalog;
    private readonly EngineOptions _options;

    public DemoLoraTests()
    {
        DemoModelForge.Write(_root.File("models", "demo"));
        Directory.CreateDirectory(_root.File("loras"));
        _catalog = new ModelCatalog(_root.File("models"), new SessionFactory("cpu"));
        _options = new EngineOptions { ModelsPath = _root.File("models"), LorasPath = _root.File("loras"), MaxLoraSessions = 2, MaxLorasPerRequest = 2 };
    }

    [Fact]
    public void RedToBlue_AtWeightOne_PaintsRedAsBlue()
    {
        using var loras = Models();
        using var lease = loras.Acquire("demo", [new LoraSpec(DemoLoraForge.Name, 1f)]);

        var plain = Mean(new DiffusionPipeline(_catalog.Open("demo"), _options));
        var merged = Mean(lease.Pipeline);

        Assert.True(plain.IsRed, $"without the LoRA 'red' painted {plain}");
        Assert.True(merged.IsBlue, $"with red-to-blue:1 'red' painted {merged}");
    }

    [Fact]
    public void Parameters_RecordTheLoraTag_AndA1111sHash()
    {
        using var loras = Models();
        using var lease = loras.Acquire("demo", [new LoraSpec(DemoLoraForge.Name, 0.8f)]);
        var file = File.ReadAllBytes(_root.File("models", "demo", "loras", DemoLoraForge.Name + ".safetensors"));
        var headerLength = (int)BitConverter.ToUInt64(file, 0);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file.AsSpan(8 + headerLength)))[..12];

        var parameters = DiffusionBot.Diffusion.Imaging.PngWithParameters.Read(Generate(lease.Pipeline))!;

        Assert.StartsWith("red <lora:red-to-blue:0.8>\n", parameters, StringComparison.Ordinal);
        Assert.EndsWith($", Lora hashes: \"red-to-blue: {hash}\"", parameters, StringComparison.Ordinal);
    }

    [Fact]
    public void WeightZero_IsPixelIdentical_ToNoLora()
    {
        using var loras = Models();
        using var lease = loras.Acquire("demo", [new LoraSpec(DemoLoraForge.Name, 0f)]);

        var plain = Pixels(Generate(new DiffusionPipeline(_catalog.Open("demo"), _options)));
        var zero = Pixels(Generate(lease.Pipeline));

        Assert.Equal(plain, zero);
    }

    [Fact]
    public void UnknownName_IsRefused_ListingTheAvailableOnes()
    {
        using var loras = Models();

        var error = Assert.Throws<LoraException>(() => loras.Acquire("demo", [new LoraSpec("../demo/unet/model", 1f)]));

        Assert.Equal("There is no LoRA named '../demo/unet/model'; available: red-to-blue.", error.Message);
    }

    [Fact]
    public void AKeyThatMapsToNothing_IsNamed()
    {
        SafetensorsWriter.Write(_root.File("loras", "stray.safetensors"), [
            new SafetensorsTensor("lora_unet_mid_block_attentions_0_proj_in.lora_down.weight", [1, 32], new float[32]),
            new SafetensorsTensor("lora_unet_mid_block_attentions_0_proj_in.lora_up.weight", [32, 1], new float[32]),
        ]);
        using var loras = Models();

        var error = Assert.Throws<LoraException>(() => loras.Acquire("demo", [new LoraSpec("stray", 1f)]));

        Assert.Contains("'lora_unet_mid_block_attentions_0_proj_in'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void APickle_IsRefused()
    {
        File.WriteAllBytes(_root.File("loras", "old-style.ckpt"), [0x80, 0x02, 0x7D, 0x71]);
        using var loras = Models();

        var error = Assert.Throws<LoraException>(() => loras.Acquire("demo", [new LoraSpec("old-style", 1f)]));

        Assert.Equal("old-style.ckpt is a pickled PyTorch file, which can run code when loaded; convert it to .safetensors.", error.Message);
    }

    [Fact]
    public void TooManyLoras_AreRefused()
    {
        using var loras = Models();

        var error = Assert.Throws<LoraException>(() => loras.Acquire("demo", [new(DemoLoraForge.Name, 1f), new(DemoLoraForge.Name, 0.5f), new(DemoLoraForge.Name, 0.2f)]));

        Assert.Equal("At most 2 LoRAs per request (asked for 3).", error.Message);
    }

    [Fact]
    public void SessionsAreCachedPerLoraSet_AndTheLeastRecentlyUsedIdleOneGoes()
    {
        using var loras = Models();
        DiffusionPipeline first;
        using (var lease = loras.Acquire("demo", [new LoraSpec(DemoLoraForge.Name, 1f)]))
        {
            first = lease.Pipeline;
        }

        using (var again = loras.Acquire("demo", [new LoraSpec("RED-TO-BLUE", 1f)]))
        {
            Assert.Same(first, again.Pipeline);
        }

        using (loras.Acquire("demo", [new LoraSpec(DemoLoraForge.Name, 0.5f)]))
        using (loras.Acquire("demo", [new LoraSpec(DemoLoraForge.Name, 0.25f)]))
        {
            Assert.True(first.Model.IsDisposed);
            Assert.Equal(2, loras.Loaded.Count);
        }
    }

    private LoraModels Models() => new(_catalog, new SessionFactory("cpu"), _options, model => new DiffusionPipeline(model, _options));

    private static byte[] Generate(DiffusionPipeline pipeline) =>
        pipeline.Generate(new GenerationRequest { Prompt = "red", Seed = 1, Steps = 20, Width = Size, Height = Size, Sampler = "euler" }).Images[0].Png;

    /// <summary>The decoded pixels: the PNG's parameters differ (they record the LoRA at weight 0), the image must not.</summary>
    private static byte[] Pixels(byte[] png)
    {
        using var image = SixLabors.ImageSharp.Image.Load<SixLabors.ImageSharp.PixelFormats.Rgb24>(png);
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    private static Rgb Mean(DiffusionPipeline pipeline) => ImageStats.Of(Generate(pipeline)).Mean;

    public void Dispose()
    {
        _catalog.Dispose();
        _root.Dispose();
    }
}
