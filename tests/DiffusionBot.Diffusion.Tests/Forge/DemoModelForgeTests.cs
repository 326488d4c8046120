using System.Numerics;
using System.Text.Json;
using DiffusionBot.Diffusion.Forge;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Tests.Forge;

public sealed class DemoModelForgeTests : IDisposable
{
    private static readonly string[] Files =
    [
        "model_index.json", "scheduler/scheduler_config.json", "vae_decoder/config.json",
        "tokenizer/vocab.json", "tokenizer/merges.txt", "tokenizer/tokenizer_config.json", "tokenizer/special_tokens_map.json",
        "text_encoder/model.onnx", "unet/model.onnx", "vae_decoder/model.onnx", "vae_encoder/model.onnx",
    ];

    private readonly TempModelFolder _folder = new();

    public DemoModelForgeTests() => DemoModelForge.Write(_folder.Path);

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Write_ProducesIdenticalBytes_WhenCalledTwice()
    {
        using var second = new TempModelFolder();
        DemoModelForge.Write(second.Path);

        foreach (var file in Files)
        {
            Assert.True(File.ReadAllBytes(_folder.File(file)).AsSpan().SequenceEqual(File.ReadAllBytes(second.File(file))), file);
        }
    }

    [Fact]
    public void Write_WritesSd15Configs_WhenOptionsAreDefault()
    {
        using var index = JsonDocument.Parse(File.ReadAllText(_folder.File("model_index.json")));
        using var scheduler = JsonDocument.Parse(File.ReadAllText(_folder.File("scheduler", "scheduler_config.json")));
        using var vae = JsonDocument.Parse(File.ReadAllText(_folder.File("vae_decoder", "config.json")));
        using var tokenizer = JsonDocument.Parse(File.ReadAllText(_folder.File("tokenizer", "tokenizer_config.json")));

        Assert.Equal("OnnxStableDiffusionPipeline", index.RootElement.GetProperty("_class_name").GetString());
        Assert.Equal("PNDMScheduler", scheduler.RootElement.GetProperty("_class_name").GetString());
        Assert.Equal("epsilon", scheduler.RootElement.GetProperty("prediction_type").GetString());
        Assert.Equal(1, scheduler.RootElement.GetProperty("steps_offset").GetInt32());
        Assert.False(scheduler.RootElement.TryGetProperty("timestep_spacing", out _));
        Assert.Equal(0.18215, vae.RootElement.GetProperty("scaling_factor").GetDouble());
        Assert.Equal("<|endoftext|>", tokenizer.RootElement.GetProperty("pad_token").GetString());
        Assert.Equal(77, tokenizer.RootElement.GetProperty("model_max_length").GetInt32());
    }

    [Fact]
    public void SubModels_DeclareSdInputs_WhenLoaded()
    {
        using var text = new ModelRun(_folder.File("text_encoder", "model.onnx"));
        using var unet = new ModelRun(_folder.File("unet", "model.onnx"));

        Assert.Equal(TensorElementType.Int32, text.Session.InputMetadata["input_ids"].ElementDataType);
        Assert.Equal([-1, -1], text.Session.InputMetadata["input_ids"].Dimensions);
        Assert.Equal(["sample", "timestep", "encoder_hidden_states"], unet.Session.InputNames);
        Assert.Equal([-1, 4, -1, -1], unet.Session.InputMetadata["sample"].Dimensions);
        Assert.Equal([-1], unet.Session.InputMetadata["timestep"].Dimensions);
    }

    [Fact]
    public void TextEncoder_MarksFieldAndDisc_WhenPromptNamesAColour()
    {
        var hidden = new DemoSampler(_folder.Path).Encode("red");
        var red = DemoModelForge.Concepts.Select((c, k) => (c, k)).Where(p => p.c.Words.Contains("red")).Select(p => p.k).ToArray();

        var sums = Enumerable.Range(0, DemoModelForge.HiddenSize)
            .Select(d => Enumerable.Range(0, 77).Sum(s => hidden[(s * DemoModelForge.HiddenSize) + d])).ToArray();
        var presence = DemoTextEncoderGraph.PresenceDimension(DemoModelForge.HiddenSize);
        Assert.Equal(2, red.Length);
        Assert.All(Enumerable.Range(0, DemoModelForge.HiddenSize), d => Assert.Equal(d == presence ? 77f : red.Contains(d) ? 1f : 0f, sums[d]));
    }

    [Fact]
    public void Unet_TakesOnlyFixedLengthPrompts_WhenOptionsFixTheLength()
    {
        DemoModelForge.Write(_folder.Path, new DemoModelOptions { FixedPromptLength = 77 });

        using var unet = new ModelRun(_folder.File("unet", "model.onnx"));

        Assert.Equal([-1, 77, DemoModelForge.HiddenSize], unet.Session.InputMetadata["encoder_hidden_states"].Dimensions);
    }

    [Theory]
    [InlineData(8, "epsilon")]
    [InlineData(64, "epsilon")]
    [InlineData(8, "v_prediction")]
    public void Unet_PredictsTheNoise_WhenSampleIsANoisedRedField(int side, string predictionType)
    {
        if (predictionType != "epsilon")
        {
            DemoModelForge.Write(_folder.Path, new DemoModelOptions { PredictionType = predictionType });
        }

        const int t = 500;
        var a = StableDiffusionSchedule.AlphasCumprod()[t];
        var red = RedLatent(side);
        var random = new Random(7);
        var noise = red.Select(_ => DemoSampler.Gaussian(random)).ToArray();
        var x = red.Select((c, i) => (MathF.Sqrt(a) * c) + (MathF.Sqrt(1 - a) * noise[i])).ToArray();
        var expected = predictionType == "epsilon"
            ? noise
            : red.Select((c, i) => (MathF.Sqrt(a) * noise[i]) - (MathF.Sqrt(1 - a) * c)).ToArray();
        var text = new DemoSampler(_folder.Path).Encode("red");

        using var unet = new ModelRun(_folder.File("unet", "model.onnx"))
            .With("sample", [1, 4, side, side], x)
            .With("timestep", [1], _ => t)
            .With("encoder_hidden_states", [1, 77, DemoModelForge.HiddenSize], text);
        var predicted = unet.Run()["out_sample"].Values;

        var rms = MathF.Sqrt(predicted.Select((p, i) => (p - expected[i]) * (p - expected[i])).Average());
        Assert.True(rms < 0.05f, $"rms error {rms}");
    }

    [Fact]
    public void VaeRoundTrip_ReturnsRed_WhenImageIsRed()
    {
        const int side = 64;
        using var encoder = new ModelRun(_folder.File("vae_encoder", "model.onnx"))
            .With("sample", [1, 3, side, side], i => i < side * side ? 1f : -1f);
        var latent = encoder.Run()["latent_sample"];
        Assert.Equal([1, 4, side / 8, side / 8], latent.Shape);

        using var decoder = new ModelRun(_folder.File("vae_decoder", "model.onnx")).With("latent_sample", latent.Shape, latent.Values);

        AssertImage(decoder.Run()["sample"], side, (_, _) => DemoModelForge.ColorOf("red"));
    }

    [Fact]
    public void Decoder_PaintsRed_WhenGivenTheRedFieldLatentOverTheScalingFactor()
    {
        var latent = RedLatent(8).Select(v => v / 0.18215f).ToArray();
        using var decoder = new ModelRun(_folder.File("vae_decoder", "model.onnx")).With("latent_sample", [1, 4, 8, 8], latent);

        AssertImage(decoder.Run()["sample"], 64, (_, _) => new Vector3(1, -1, -1));
    }

    [Theory]
    [InlineData("red", 1)]
    [InlineData("red", 2)]
    [InlineData("blue circle", 1)]
    [InlineData("red circle", 3)]
    [InlineData("yellow", 4)]
    public void Sampling_PaintsThePromptedConcept_WhenGuidanceIsHigh(string prompt, int seed)
    {
        var image = new DemoSampler(_folder.Path).Paint(prompt, 7.5f, seed);

        var concept = DemoModelForge.Concepts.Single(c =>
            c.Words.Contains(prompt.Split(' ')[0]) && (c.Shape == DemoConceptShape.Disc) == prompt.Contains("circle"));
        AssertImage(new ModelRun.Output(TensorElementType.Float, [1, 3, 64, 64], image), 64, concept.RgbAt, tolerance: 0.25f, skipEdges: true);
    }

    [Fact]
    public void Sampling_DependsOnGuidance_WhenPromptNamesTwoConcepts()
    {
        var sampler = new DemoSampler(_folder.Path);

        var weak = sampler.Paint("red blue", 1f, 5);
        var strong = sampler.Paint("red blue", 7f, 5);

        Assert.True(weak.Zip(strong, (w, s) => MathF.Abs(w - s)).Average() > 0.2f);
    }

    private static float[] RedLatent(int side)
    {
        Span<float> pixel = stackalloc float[4];
        DemoLatentSpace.Sd15.ToLatent(DemoModelForge.ColorOf("red"), pixel);
        var latent = new float[4 * side * side];
        for (var i = 0; i < latent.Length; i++)
        {
            latent[i] = pixel[i / (side * side)];
        }

        return latent;
    }

    private static void AssertImage(ModelRun.Output image, int side, Func<float, float, Vector3> expected, float tolerance = 0.02f, bool skipEdges = false)
    {
        Assert.Equal([1, 3, side, side], image.Shape);
        for (var y = 0; y < side; y++)
        {
            for (var x = 0; x < side; x++)
            {
                float u = (x + 0.5f) / side, v = (y + 0.5f) / side;
                var radius = MathF.Sqrt(((u - 0.5f) * (u - 0.5f)) + ((v - 0.5f) * (v - 0.5f)));
                if (skipEdges && MathF.Abs(radius - DemoConcept.DiscRadius) < 0.1f)
                {
                    continue;
                }

                var want = expected(u, v);
                for (var c = 0; c < 3; c++)
                {
                    var got = Math.Clamp(image.Values[(((c * side) + y) * side) + x], -1f, 1f);
                    var target = c switch { 0 => want.X, 1 => want.Y, _ => want.Z };
                    Assert.True(MathF.Abs(got - target) <= tolerance, $"pixel ({x},{y}) channel {c}: {got} vs {target}");
                }
            }
        }
    }
}
