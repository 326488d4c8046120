using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Pipeline;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Tests.Forge;

/// <summary>Forge's half-precision variant (as <c>optimum-cli --fp16</c> exports): float16 text encoder and UNet, float32 VAE, run by the engine.</summary>
public sealed class HalfPrecisionForgeTests(HalfPrecisionForgeTests.HalfModel model) : IClassFixture<HalfPrecisionForgeTests.HalfModel>
{
    private const string Name = "sd15-w8-fp16";

    [Fact]
    public void Write_StoresTheUnetAndTextEncoderInFloat16_AndTheVaeInFloat32()
    {
        var unet = model.Load("unet");
        var text = model.Load("text_encoder");
        var decoder = model.Load("vae_decoder");

        Assert.Equal((int)DataType.Float16, unet.Graph.Input.Single(i => i.Name == "sample").Type.TensorType.ElemType);
        Assert.Equal((int)DataType.Float16, unet.Graph.Output.Single().Type.TensorType.ElemType);
        Assert.Equal((int)DataType.Float16, unet.Graph.Initializer.Single(t => t.Name == "conv_in.weight").DataType);
        // Resize's scales must stay float32 (ONNX operator spec).
        Assert.All(unet.Graph.Node.Where(n => n.OpType == "Resize"), n => Assert.Equal((int)DataType.Float, unet.Graph.Initializer.Single(t => t.Name == n.Input[2]).DataType));
        Assert.Equal((int)DataType.Float16, text.Graph.Output.Single(o => o.Name == "last_hidden_state").Type.TensorType.ElemType);
        Assert.Equal((int)DataType.Float, decoder.Graph.Input.Single().Type.TensorType.ElemType);
        Assert.True(new FileInfo(Path.Combine(model.Root, Name, "unet", "model.onnx")).Length < 0.6 * model.Float32UnetBytes);
    }

    [Fact]
    public void Generate_RunsTheHalfModel_TextAndImageToImage()
    {
        using var catalog = new ModelCatalog(model.Root, new SessionFactory("cpu"));
        var pipeline = new DiffusionPipeline(catalog.Open(Name), new EngineOptions());
        var request = new GenerationRequest { Prompt = "a red fox", NegativePrompt = "blurry", Width = 64, Height = 64, Steps = 2, GuidanceScale = 7.5f, Seed = 3 };

        var text = pipeline.Generate(request).Images[0].Png;
        var image = pipeline.Generate(request with { InitImage = text, Strength = 0.5f }).Images[0].Png;

        Assert.Equal((64, 64), (ImageStats.Of(text).Width, ImageStats.Of(text).Height));
        Assert.NotEqual(text, image);
    }

    /// <summary>The width/8 SD 1.5 architecture forged in half precision, beside the float32 UNet's size for comparison.</summary>
    public sealed class HalfModel() : ForgedArchitecture(HalfPrecisionForgeTests.Name, folder => Sd15ModelForge.Write(folder, widthDivisor: 8, seed: TinyModelOptions.DefaultSeed, halfPrecision: true))
    {
        public long Float32UnetBytes { get; } = Float32Unet();

        private static long Float32Unet()
        {
            using var folder = new TempModelFolder();
            Sd15ModelForge.Write(folder.Path, widthDivisor: 8);
            return new FileInfo(Path.Combine(folder.Path, "unet", "model.onnx")).Length;
        }
    }
}
