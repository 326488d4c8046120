using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Imaging;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Pipeline;
using DiffusionBot.Diffusion.Upscaling;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace DiffusionBot.Diffusion.Tests.Upscaling;

[Collection(DemoModelCollection.Name)]
public sealed class OnnxUpscalerTests(DemoModelFixture demo) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("diffusionbot-upscalers-").FullName;
    private readonly SessionFactory _sessions = new("cpu");

    [Fact]
    public void Scale_IsReadFromFixedShapes_AndFromAProbeWhenTheyAreDynamic()
    {
        using var dynamic = Forged("dynamic");
        using var fixedSize = Forged("fixed", fixedSide: 32);

        Assert.Equal((4, 4), (dynamic.Scale, fixedSize.Scale));
        Assert.Equal("dynamic", dynamic.Name);
    }

    [Fact]
    public void Tiled_MatchesUntiled_OnAnImageThatFitsBoth()
    {
        using var upscaler = Forged("x4");
        using var image = Pattern(96, 72);

        using var whole = upscaler.Upscale(image, tile: 256, overlap: 8);
        using var tiled = upscaler.Upscale(image, tile: 32, overlap: 8);

        Assert.Equal((384, 288), (whole.Width, whole.Height));
        // One 8-bit level: float sums in a different order round the other way; a seam would be tens of levels off.
        Assert.InRange(MaxDifference(whole, tiled), 0, 1);
    }

    [Fact]
    public void FixedSizeModel_TilesALargerImage_AsTheDynamicOneDoesWhole()
    {
        using var dynamic = Forged("dynamic");
        using var fixedSize = Forged("fixed", fixedSide: 32);
        using var image = Pattern(80, 48);

        using var whole = dynamic.Upscale(image, tile: 256, overlap: 8);
        using var tiled = fixedSize.Upscale(image, tile: 256, overlap: 8);

        Assert.InRange(MaxDifference(whole, tiled), 0, 1);
    }

    [Fact]
    public void Upscale2x_Of512_Is1024_FaithfulWhenDownscaledBack_AndNamesTheUpscaler()
    {
        using var upscaler = Forged(UpscalerForge.Name);
        var original = demo.Pipeline.Generate(new GenerationRequest { Prompt = "red", Seed = 4, Width = 512, Height = 512, Steps = 10 }).Images[0].Png;

        var result = ModelUpscale.Run(upscaler, new GenerationRequest { Prompt = "red", Seed = 4, Steps = 10, InitImage = original }, demo.Options, "demo");

        using var upscaled = Image.Load<Rgb24>(result.Images[0].Png);
        Assert.Equal((1024, 1024), (upscaled.Width, upscaled.Height));
        using var back = upscaled.Clone(x => x.Resize(512, 512, KnownResamplers.Box));
        using var before = Image.Load<Rgb24>(original);
        Assert.True(MeanDifference(back, before) < 2, $"mean absolute error {MeanDifference(back, before):0.00} of 255");
        Assert.EndsWith($"Postprocess upscale by: 2, Postprocess upscaler: {UpscalerForge.Name}", PngWithParameters.Read(result.Images[0].Png));
    }

    [Fact]
    public void Open_RefusesAModelThatDoesNotEnlarge_NamingTheFile()
    {
        var path = Path.Combine(_folder, "same.onnx");
        var graph = new OnnxGraphBuilder("same");
        var input = graph.Input("input", Onnx.TensorProto.Types.DataType.Float, 1, 3, "h", "w");
        graph.Output("output", graph.Mul(input, graph.Scalar(1f)), Onnx.TensorProto.Types.DataType.Float, 1, 3, "h", "w");
        OnnxModelFile.Write(graph.Build(), path);

        var error = Assert.Throws<ModelFolderException>(() => UpscalerModel.Open(path, _sessions));

        Assert.Equal($"{path}: returns an image 1× the size it is given; an upscaler must enlarge.", error.Message);
    }

    [Fact]
    public void Library_TakesTheFirstUpscaler_OrNoneForSd_AndRefusesAMissingName()
    {
        UpscalerForge.Write(Path.Combine(_folder, "b.onnx"));
        UpscalerForge.Write(Path.Combine(_folder, "a.onnx"));

        using var first = new UpscalerLibrary(new EngineOptions { UpscalersPath = _folder }, _sessions);
        using var sd = new UpscalerLibrary(new EngineOptions { UpscalersPath = _folder, Upscaler = UpscalerLibrary.SdUpscaleOnly }, _sessions);
        using var missing = new UpscalerLibrary(new EngineOptions { UpscalersPath = _folder, Upscaler = "../a" }, _sessions);
        using var none = new UpscalerLibrary(new EngineOptions { UpscalersPath = Path.Combine(_folder, "absent") }, _sessions);

        Assert.Equal("a", first.Current()?.Name);
        Assert.Null(sd.Current());
        Assert.Null(none.Current());
        Assert.Contains("Diffusion:Upscaler names a file", Assert.Throws<ModelFolderException>(missing.Current).Message, StringComparison.Ordinal);
    }

    private UpscalerModel Forged(string name, int? fixedSide = null)
    {
        var path = Path.Combine(_folder, name + ".onnx");
        UpscalerForge.Write(path, fixedSide);
        return UpscalerModel.Open(path, _sessions);
    }

    /// <summary>Gradients with a checker on top, so every tile differs and seams would show.</summary>
    private static Image<Rgb24> Pattern(int width, int height)
    {
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var checker = ((x / 5) + (y / 7)) % 2 == 0 ? 60 : 0;
                image[x, y] = new Rgb24((byte)(x * 255 / width), (byte)(y * 255 / height), (byte)(120 + checker));
            }
        }

        return image;
    }

    private static int MaxDifference(Image<Rgb24> a, Image<Rgb24> b)
    {
        Assert.Equal((a.Width, a.Height), (b.Width, b.Height));
        var max = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                var (p, q) = (a[x, y], b[x, y]);
                max = Math.Max(max, Math.Max(Math.Abs(p.R - q.R), Math.Max(Math.Abs(p.G - q.G), Math.Abs(p.B - q.B))));
            }
        }

        return max;
    }

    private static double MeanDifference(Image<Rgb24> a, Image<Rgb24> b)
    {
        double error = 0;
        for (var y = 0; y < a.Height; y++)
        {
            for (var x = 0; x < a.Width; x++)
            {
                var (p, q) = (a[x, y], b[x, y]);
                error += Math.Abs(p.R - q.R) + Math.Abs(p.G - q.G) + Math.Abs(p.B - q.B);
            }
        }

        return error / (3.0 * a.Width * a.Height);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
