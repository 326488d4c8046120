using System.Text.Json;
using DiffusionBot.Diffusion.Forge;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Tests.Forge;

public sealed class TinyModelForgeTests : IDisposable
{
    private const int Batch = 2;
    private const int Side = 8;
    private readonly TempModelFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(TinyModelVariants.Names), MemberType = typeof(TinyModelVariants))]
    public void Write_ProducesIdenticalBytes_WhenCalledTwice(string variant)
    {
        using var second = new TempModelFolder();

        TinyModelForge.Write(_folder.Path, TinyModelVariants.All[variant]);
        TinyModelForge.Write(second.Path, TinyModelVariants.All[variant]);

        var files = Directory.GetFiles(_folder.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(_folder.Path, f)).Order().ToArray();
        Assert.Equal(files, Directory.GetFiles(second.Path, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(second.Path, f)).Order());
        Assert.All(files, f => Assert.True(File.ReadAllBytes(_folder.File(f)).AsSpan().SequenceEqual(File.ReadAllBytes(second.File(f))), f));
    }

    [Theory]
    [MemberData(nameof(TinyModelVariants.Names), MemberType = typeof(TinyModelVariants))]
    public void TextEncoder_RunsOnDeclaredTypes_ForEveryVariant(string variant)
    {
        var options = Forge(variant);
        using var run = new ModelRun(_folder.File("text_encoder", "model.onnx"));

        AssertInput(run, "input_ids", options.IdsType == TinyIdsType.Int64 ? TensorElementType.Int64 : TensorElementType.Int32, 2);
        var outputs = run.With("input_ids", [Batch, 77], i => i % 77 == 0 ? 49406 : 49407).Run();

        AssertOutput(outputs["last_hidden_state"], FloatType(options), Batch, 77, options.HiddenSize);
        AssertOutput(outputs["pooler_output"], FloatType(options), Batch, options.HiddenSize);
    }

    [Theory]
    [MemberData(nameof(TinyModelVariants.Names), MemberType = typeof(TinyModelVariants))]
    public void Unet_RunsOnDeclaredTypes_ForEveryVariant(string variant)
    {
        var options = Forge(variant);
        using var run = new ModelRun(_folder.File("unet", "model.onnx"));

        AssertInput(run, "sample", FloatType(options), 4);
        AssertInput(run, "timestep", TimestepType(options), options.TimestepShape == TinyTimestepShape.Scalar ? 0 : 1);
        AssertInput(run, "encoder_hidden_states", FloatType(options), 3);
        Assert.Equal(options.LcmTimestepCond, run.Session.InputNames.Contains("timestep_cond"));
        var outputs = Unet(run, options, sample: 0.5f, timestep: 981, text: 0.1f).Run();

        AssertOutput(outputs["out_sample"], FloatType(options), Batch, 4, Side, Side);
    }

    [Theory]
    [MemberData(nameof(TinyModelVariants.Names), MemberType = typeof(TinyModelVariants))]
    public void Vae_RunsOnDeclaredTypes_ForEveryVariant(string variant)
    {
        var options = Forge(variant);
        using var decoder = new ModelRun(_folder.File("vae_decoder", "model.onnx"));
        using var encoder = new ModelRun(_folder.File("vae_encoder", "model.onnx"));

        AssertInput(decoder, "latent_sample", FloatType(options), 4);
        AssertInput(encoder, "sample", FloatType(options), 4);
        var image = decoder.With("latent_sample", [1, 4, Side, Side], i => (i % 7) - 3f).Run()["sample"];
        var encoded = encoder.With("sample", image.Shape, image.Values).Run();

        AssertOutput(image, FloatType(options), 1, 3, Side * 8, Side * 8);
        var parameters = options.VaeEncoderOutput == TinyVaeEncoderOutput.LatentParameters;
        AssertOutput(encoded[parameters ? "latent_parameters" : "latent_sample"], FloatType(options), 1, parameters ? 8 : 4, Side, Side);
    }

    [Theory]
    [InlineData("safety-checker")]
    [InlineData("safety-checker-fp16")]
    public void SafetyChecker_RunsOnDeclaredTypes_WhenEnabled(string variant)
    {
        var options = Forge(variant);
        using var run = new ModelRun(_folder.File("safety_checker", "model.onnx"));

        AssertInput(run, "clip_input", FloatType(options), 4);
        AssertInput(run, "images", FloatType(options), 4);
        var outputs = run.With("clip_input", [Batch, 3, 224, 224], _ => 0.3f).With("images", [Batch, 64, 64, 3], _ => 0.4f).Run();

        AssertOutput(outputs["out_images"], FloatType(options), Batch, 64, 64, 3);
        AssertOutput(outputs["has_nsfw_concepts"], TensorElementType.Bool, Batch);
        Assert.True(File.Exists(_folder.File("feature_extractor", "preprocessor_config.json")));
    }

    [Fact]
    public void SafetyChecker_BlacksOutOnlyBrightImages_WhenMeanIsAboveThreshold()
    {
        Forge("safety-checker");
        using var run = new ModelRun(_folder.File("safety_checker", "model.onnx"));
        const int pixels = 64 * 64 * 3;

        var outputs = run.With("clip_input", [Batch, 3, 224, 224], _ => 0f)
            .With("images", [Batch, 64, 64, 3], i => i < pixels ? 0.9f : 0.1f).Run();

        Assert.Equal([1f, 0f], outputs["has_nsfw_concepts"].Values);
        Assert.All(outputs["out_images"].Values.Take(pixels), v => Assert.Equal(0f, v));
        Assert.All(outputs["out_images"].Values.Skip(pixels), v => Assert.Equal(0.1f, v));
    }

    [Fact]
    public void ExternalWeights_MoveLargeInitializersToDataFile_WhenEnabled()
    {
        Forge("optimum-new");
        using var inline = new TempModelFolder();
        TinyModelForge.Write(inline.Path, TinyModelVariants.All["optimum-new"] with { ExternalWeights = false });

        Assert.True(new FileInfo(_folder.File("text_encoder", "model.onnx_data")).Length > 100_000);
        Assert.True(new FileInfo(_folder.File("text_encoder", "model.onnx")).Length < 16 * 1024);
        Assert.False(File.Exists(inline.File("text_encoder", "model.onnx_data")));
        Assert.True(new FileInfo(inline.File("text_encoder", "model.onnx")).Length > 100_000);
    }

    [Theory]
    [InlineData("sample")]
    [InlineData("timestep")]
    [InlineData("text")]
    public void Unet_OutputChanges_WhenOneInputChanges(string changed)
    {
        var options = Forge("diffusers-fp32");
        using var baseline = Unet(new ModelRun(_folder.File("unet", "model.onnx")), options, 0.5f, 500, 0.1f);
        using var varied = Unet(new ModelRun(_folder.File("unet", "model.onnx")), options,
            changed == "sample" ? -0.5f : 0.5f, changed == "timestep" ? 900 : 500, changed == "text" ? -0.3f : 0.1f);

        var a = baseline.Run()["out_sample"].Values;
        var b = varied.Run()["out_sample"].Values;

        Assert.True(a.Zip(b, (x, y) => MathF.Abs(x - y)).Max() > 1e-3f);
    }

    [Theory]
    [InlineData("diffusers-fp32", "<|endoftext|>", "epsilon")]
    [InlineData("sd2-v", "!", "v_prediction")]
    public void Write_WritesTokenizerPadAndPredictionType_FromOptions(string variant, string pad, string prediction)
    {
        Forge(variant);
        using var tokenizer = JsonDocument.Parse(File.ReadAllText(_folder.File("tokenizer", "tokenizer_config.json")));
        using var scheduler = JsonDocument.Parse(File.ReadAllText(_folder.File("scheduler", "scheduler_config.json")));

        Assert.Equal(pad, tokenizer.RootElement.GetProperty("pad_token").GetString());
        Assert.Equal(prediction, scheduler.RootElement.GetProperty("prediction_type").GetString());
        Assert.True(File.Exists(_folder.File("tokenizer", "vocab.json")));
        Assert.True(File.Exists(_folder.File("tokenizer", "merges.txt")));
    }

    private TinyModelOptions Forge(string variant)
    {
        var options = TinyModelVariants.All[variant];
        TinyModelForge.Write(_folder.Path, options);
        return options;
    }

    private static ModelRun Unet(ModelRun run, TinyModelOptions options, float sample, float timestep, float text)
    {
        long[] timestepShape = options.TimestepShape switch
        {
            TinyTimestepShape.Scalar => [],
            TinyTimestepShape.One => [1],
            _ => [Batch],
        };
        run.With("sample", [Batch, 4, Side, Side], i => sample * ((i % 5) - 2))
            .With("timestep", timestepShape, _ => timestep)
            .With("encoder_hidden_states", [Batch, 77, options.HiddenSize], i => text * ((i % 3) - 1));
        return options.LcmTimestepCond ? run.With("timestep_cond", [Batch, TinyModelOptions.TimestepCondSize], _ => 0.2f) : run;
    }

    private static TensorElementType FloatType(TinyModelOptions options) =>
        options.FloatType == TinyFloatType.Float16 ? TensorElementType.Float16 : TensorElementType.Float;

    private static TensorElementType TimestepType(TinyModelOptions options) => options.TimestepType switch
    {
        TinyTimestepType.Float16 => TensorElementType.Float16,
        TinyTimestepType.Int64 => TensorElementType.Int64,
        _ => TensorElementType.Float,
    };

    private static void AssertInput(ModelRun run, string name, TensorElementType type, int rank)
    {
        var metadata = run.Session.InputMetadata[name];
        Assert.Equal(type, metadata.ElementDataType);
        Assert.Equal(rank, metadata.Dimensions.Length);
    }

    private static void AssertOutput(ModelRun.Output output, TensorElementType type, params long[] shape)
    {
        Assert.Equal(type, output.Type);
        Assert.Equal(shape, output.Shape);
        Assert.All(output.Values, v => Assert.True(float.IsFinite(v)));
    }
}
