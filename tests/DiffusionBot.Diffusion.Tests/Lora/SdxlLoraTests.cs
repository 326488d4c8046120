using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Pipeline;
using DiffusionBot.Diffusion.Tests.Forge;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace DiffusionBot.Diffusion.Tests.Lora;

/// <summary>
/// kohya's SDXL LoRAs on SDXL's real architecture (width/8): UNet modules under SGM's names land on the weights their
/// diffusers names do, and <c>lora_te1_</c>/<c>lora_te2_</c> reach the two text encoders.
/// </summary>
public sealed class SdxlLoraTests : IClassFixture<SdxlArchitectureTests.EighthWidthModel>, IDisposable
{

    private static readonly (string Sgm, string Diffusers, LoraPart Part)[] Modules =
    [
        ("input_blocks_4_1_transformer_blocks_0_attn1_to_q", "down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q", LoraPart.Unet),
        ("input_blocks_8_0_in_layers_2", "down_blocks_2_resnets_1_conv1", LoraPart.Unet),
        ("input_blocks_3_0_op", "down_blocks_0_downsamplers_0_conv", LoraPart.Unet),
        ("middle_block_1_proj_in", "mid_block_attentions_0_proj_in", LoraPart.Unet),
        ("output_blocks_2_0_in_layers_2", "up_blocks_0_resnets_2_conv1", LoraPart.Unet),
        ("output_blocks_5_2_conv", "up_blocks_1_upsamplers_0_conv", LoraPart.Unet),
        ("label_emb_0_0", "add_embedding_linear_1", LoraPart.Unet),
        ("text_model_encoder_layers_0_mlp_fc1", "text_model_encoder_layers_0_mlp_fc1", LoraPart.TextEncoder),
        ("text_model_encoder_layers_3_self_attn_q_proj", "text_model_encoder_layers_3_self_attn_q_proj", LoraPart.TextEncoder2),
    ];

    private readonly SdxlArchitectureTests.EighthWidthModel _forged;
    private readonly ModelCatalog _catalog;
    private readonly EngineOptions _options;

    /// <summary>Each test writes LoRAs of its own names into the shared model's <c>loras/</c>.</summary>
    public SdxlLoraTests(SdxlArchitectureTests.EighthWidthModel forged)
    {
        _forged = forged;
        _catalog = new ModelCatalog(forged.Root, new SessionFactory("cpu"));
        _options = new EngineOptions { ModelsPath = forged.Root, LorasPath = Path.Combine(forged.Root, "no-global-loras"), MaxLoraSessions = 4 };
    }

    private string Model => _forged.Name;

    [Fact]
    public void SgmNamedLora_MergesExactlyAsTheSameDeltasUnderDiffusersNames()
    {
        Write("sgm", Modules.Select(m => (m.Sgm, m.Diffusers, m.Part)));
        Write("diffusers", Modules.Select(m => (m.Diffusers, m.Diffusers, m.Part)));
        using var loras = new LoraModels(_catalog, new SessionFactory("cpu"), _options, model => new DiffusionPipeline(model, _options));

        var plain = Pixels(new DiffusionPipeline(_catalog.Open(Model), _options));
        byte[] sgm, diffusers;
        using (var lease = loras.Acquire(Model, [new LoraSpec("sgm", 1f)]))
        {
            sgm = Pixels(lease.Pipeline);
        }

        using (var lease = loras.Acquire(Model, [new LoraSpec("diffusers", 1f)]))
        {
            diffusers = Pixels(lease.Pipeline);
        }

        Assert.Equal(diffusers, sgm);
        Assert.NotEqual(plain, sgm);
    }

    [Fact]
    public void SecondTextEncoderLora_ChangesTheImage_AndAtWeightZeroNothing()
    {
        Write("te2", [Modules[^1]]);
        using var loras = new LoraModels(_catalog, new SessionFactory("cpu"), _options, model => new DiffusionPipeline(model, _options));

        var plain = Pixels(new DiffusionPipeline(_catalog.Open(Model), _options));
        using var one = loras.Acquire(Model, [new LoraSpec("te2", 1f)]);
        using var zero = loras.Acquire(Model, [new LoraSpec("te2", 0f)]);

        Assert.NotEqual(plain, Pixels(one.Pipeline));
        Assert.Equal(plain, Pixels(zero.Pipeline));
    }

    [Fact]
    public void AnSgmNameThatMapsToNothing_IsNamed()
    {
        Write("stray", [("input_blocks_4_1_transformer_blocks_7_attn1_to_q", "down_blocks_1_attentions_0_transformer_blocks_0_attn1_to_q", LoraPart.Unet)]);
        using var loras = new LoraModels(_catalog, new SessionFactory("cpu"), _options, model => new DiffusionPipeline(model, _options));

        var error = Assert.Throws<LoraException>(() => loras.Acquire(Model, [new LoraSpec("stray", 1f)]));

        Assert.Contains("lora_unet_input_blocks_4_1_transformer_blocks_7_attn1_to_q", error.Message, StringComparison.Ordinal);
    }

    /// <summary>A kohya LoRA (rank 4, alpha 4) whose keys are <c>Key</c>; each pair's shapes are read from the weight its diffusers name holds.</summary>
    private void Write(string name, IEnumerable<(string Key, string Diffusers, LoraPart Part)> modules)
    {
        const int Rank = 4;
        var random = new Random(7);
        var tensors = new List<SafetensorsTensor>();
        foreach (var (key, diffusers, part) in modules)
        {
            var (folder, prefix) = part switch
            {
                LoraPart.Unet => ("unet", "lora_unet_"),
                LoraPart.TextEncoder => ("text_encoder", "lora_te1_"),
                _ => ("text_encoder_2", "lora_te2_"),
            };
            var map = ModuleWeightMap.Read(Path.Combine(_forged.Root, Model, folder, "model.onnx"));
            var weight = map.Find(new LoraModule(part, diffusers, true, diffusers, null!, null!, 1f))!;
            var dims = weight.Initializer.Dims.ToArray();
            var (outFeatures, inShape) = weight.Layout switch
            {
                WeightLayout.InOut => (dims[1], new[] { dims[0] }),
                _ => (dims[0], dims[1..]),
            };
            long[] down = [Rank, .. inShape];
            long[] up = inShape.Length == 3 ? [outFeatures, Rank, 1, 1] : [outFeatures, Rank];
            tensors.Add(new SafetensorsTensor($"{prefix}{key}.lora_down.weight", down, Values(random, down)));
            tensors.Add(new SafetensorsTensor($"{prefix}{key}.lora_up.weight", up, Values(random, up)));
            tensors.Add(new SafetensorsTensor($"{prefix}{key}.alpha", [], [Rank]));
        }

        SafetensorsWriter.Write(Path.Combine(_forged.Root, Model, "loras", name + ".safetensors"), tensors);
    }

    private static float[] Values(Random random, long[] shape) =>
        [.. Enumerable.Range(0, (int)shape.Aggregate(1L, (a, b) => a * b)).Select(_ => (float)(random.NextDouble() - 0.5) * 0.5f)];

    private static byte[] Pixels(DiffusionPipeline pipeline)
    {
        var png = pipeline.Generate(new GenerationRequest { Prompt = "a red fox", Seed = 5, Steps = 2, Width = 64, Height = 64, GuidanceScale = 5f }).Images[0].Png;
        using var image = Image.Load<Rgb24>(png);
        var pixels = new byte[image.Width * image.Height * 3];
        image.CopyPixelDataTo(pixels);
        return pixels;
    }

    public void Dispose() => _catalog.Dispose();
}
