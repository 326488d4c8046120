using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Lora;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Tests.Forge;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Tests.Lora;

/// <summary>A LoRA merged at session creation gives what a model with the deltas baked into its weights gives.</summary>
public sealed class LoraMergeTests(ForgedLoraModels models) : IClassFixture<ForgedLoraModels>
{
    private const int Hidden = 768 / 4;

    private static readonly SessionFactory Sessions = new("cpu");

    [Theory]
    [InlineData(Sd15LoraForge.KohyaName)]
    [InlineData(Sd15LoraForge.PeftName)]
    public void MergedAtLoad_UnetOutput_EqualsBakedModel(string lora)
    {
        var baked = RunUnet(new InferenceSession(UnetPath(models.Baked)));
        var plain = RunUnet(new InferenceSession(UnetPath(models.Model)));

        var merged = RunUnet(Open(UnetPath(models.Model), LoraPart.Unet, lora, 1f));

        var scale = baked.Max(MathF.Abs);
        Assert.True(MaxDifference(plain, baked) > 0.05f * scale, "the forged deltas should change the output");
        Assert.True(MaxDifference(merged, baked) < 1e-4f * scale, $"merged differs from baked by {MaxDifference(merged, baked)} (scale {scale})");
    }

    [Theory]
    [InlineData(Sd15LoraForge.KohyaName)]
    [InlineData(Sd15LoraForge.PeftName)]
    public void MergedAtLoad_TextEncoderOutput_EqualsBakedModel(string lora)
    {
        var baked = RunText(new InferenceSession(TextPath(models.Baked)));

        var merged = RunText(Open(TextPath(models.Model), LoraPart.TextEncoder, lora, 1f));

        var scale = baked.Max(MathF.Abs);
        Assert.True(MaxDifference(merged, baked) < 1e-4f * scale, $"merged differs from baked by {MaxDifference(merged, baked)} (scale {scale})");
    }

    [Fact]
    public void MergeMapsLinearWeights_ThroughTheirMatMulNodes_WhenTheExporterRenamedThem()
    {
        var map = ModuleWeightMap.Read(UnetPath(models.Model));
        var lora = LoraFile.Read(models.Lora(Sd15LoraForge.PeftName));

        var toQ = lora.Modules.Single(m => m.Name == "down_blocks.0.attentions.0.transformer_blocks.0.attn1.to_q");
        var conv = lora.Modules.Single(m => m.Name == "down_blocks.0.resnets.0.conv1");

        Assert.StartsWith("onnx::MatMul_", map.Find(toQ)!.Initializer.Name, StringComparison.Ordinal);
        Assert.Equal(WeightLayout.InOut, map.Find(toQ)!.Layout);
        Assert.Equal("down_blocks.0.resnets.0.conv1.weight", map.Find(conv)!.Initializer.Name);
        Assert.Equal(WeightLayout.OutIn, map.Find(conv)!.Layout);
    }

    [Fact]
    public void WeightZero_OverridesNothing()
    {
        using var overrides = LoraMerger.Merge(ModuleWeightMap.Read(UnetPath(models.Model)), LoraPart.Unet,
            [new LoraWeight(LoraFile.Read(models.Lora(Sd15LoraForge.KohyaName)), 0f)]);

        Assert.Equal(0, overrides.Count);
    }

    [Fact]
    public void AKeyThatMapsToNothing_IsNamed()
    {
        using var folder = new TempModelFolder();
        var path = folder.File("stray.safetensors");
        SafetensorsWriter.Write(path, [
            new SafetensorsTensor("lora_unet_down_blocks_0_no_such_layer.lora_down.weight", [4, 80], new float[320]),
            new SafetensorsTensor("lora_unet_down_blocks_0_no_such_layer.lora_up.weight", [80, 4], new float[320]),
        ]);

        var error = Assert.Throws<LoraException>(() =>
            LoraMerger.Merge(ModuleWeightMap.Read(UnetPath(models.Model)), LoraPart.Unet, [new LoraWeight(LoraFile.Read(path), 1f)]));

        Assert.Contains("'lora_unet_down_blocks_0_no_such_layer'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Why override sessions stop at ORT_ENABLE_EXTENDED: at ORT_ENABLE_ALL (ORT 1.31, CPU) the
    /// output is far from the baked model's (measured: max difference 1.44 at output scale 1.65),
    /// while EXTENDED matches to 3e-6. If a later ORT fixes this, this test says so.
    /// </summary>
    [Fact]
    public void OverrideSessions_MatchBakedAtExtended_ButNotAtAll()
    {
        var baked = RunUnet(new InferenceSession(UnetPath(models.Baked)));
        var extended = RunUnet(Open(UnetPath(models.Model), LoraPart.Unet, Sd15LoraForge.KohyaName, 1f, GraphOptimizationLevel.ORT_ENABLE_EXTENDED));
        var all = RunUnet(Open(UnetPath(models.Model), LoraPart.Unet, Sd15LoraForge.KohyaName, 1f, GraphOptimizationLevel.ORT_ENABLE_ALL));

        var scale = baked.Max(MathF.Abs);
        Assert.True(MaxDifference(extended, baked) < 1e-4f * scale, $"EXTENDED differs by {MaxDifference(extended, baked)} (scale {scale})");
        Assert.True(MaxDifference(all, baked) > 0.1f * scale, $"ALL now matches too ({MaxDifference(all, baked)}): override sessions could use ORT_ENABLE_ALL");
    }

    private static InferenceSession Open(string modelPath, LoraPart part, string lora, float weight, GraphOptimizationLevel level = GraphOptimizationLevel.ORT_ENABLE_EXTENDED)
    {
        var overrides = LoraMerger.Merge(ModuleWeightMap.Read(modelPath), part, [new LoraWeight(LoraFile.Read(Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(modelPath))!, "loras", lora + ".safetensors")), weight)]);
        return Sessions.Open(modelPath, overrides, level);
    }

    private static float[] RunUnet(InferenceSession session)
    {
        using var run = new ModelRun(session)
            .With("sample", [1, 4, 8, 8], i => MathF.Sin(i * 0.37f))
            .With("timestep", [1], _ => 500f)
            .With("encoder_hidden_states", [1, 77, Hidden], i => MathF.Cos(i * 0.11f));
        return run.Run()["out_sample"].Values;
    }

    private static float[] RunText(InferenceSession session)
    {
        using var run = new ModelRun(session).With("input_ids", [1, 77], i => i == 0 ? 49406 : i < 6 ? 320 + (i * 7) : 49407);
        return run.Run()["last_hidden_state"].Values;
    }

    private static float MaxDifference(float[] a, float[] b) => a.Zip(b, (x, y) => MathF.Abs(x - y)).Max();

    private static string UnetPath(string model) => Path.Combine(model, "unet", "model.onnx");

    private static string TextPath(string model) => Path.Combine(model, "text_encoder", "model.onnx");
}
