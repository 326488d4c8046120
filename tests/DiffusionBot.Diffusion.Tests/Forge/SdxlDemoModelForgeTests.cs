using System.Numerics;
using DiffusionBot.Diffusion.Forge;
using DiffusionBot.Diffusion.Models;
using DiffusionBot.Diffusion.Text;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Tests.Forge;

/// <summary>
/// The SDXL demo is an oracle only if wrong conditioning paints visibly wrong. Each test feeds the demo UNet, at
/// t = 999 from a zero sample (where its x̂₀ is the prompt's concept mix), the conditioning the engine builds, then
/// the same with one part broken as a faulty pipeline would break it.
/// </summary>
public sealed class SdxlDemoModelForgeTests : IDisposable
{
    private const int Side = 8;

    private readonly TempModelFolder _folder = new();
    private readonly StableDiffusionModel _model;

    public SdxlDemoModelForgeTests()
    {
        SdxlDemoModelForge.Write(_folder.Path);
        _model = StableDiffusionModel.Open(_folder.Path, new SessionFactory("cpu"));
    }

    [Fact]
    public void Unet_PaintsABlueDisc_WithTheEnginesConditioning()
    {
        var prompt = Encode("blue circle");

        var image = Denoise(prompt.HiddenStates, prompt.Pooled!, prompt.TimeIds!);

        Assert.True(image.Centre.Z > image.Centre.X + 0.5f, $"centre {image.Centre}");
        Assert.True(image.Corner.Length() < image.Centre.Length() / 2, $"corner {image.Corner} centre {image.Centre}");
    }

    [Fact]
    public void Unet_PaintsAFieldInsteadOfADisc_WhenThePooledEmbeddingIsMissing()
    {
        var prompt = Encode("blue circle");

        var image = Denoise(prompt.HiddenStates, new float[prompt.Pooled!.Length], prompt.TimeIds!);

        Assert.True(image.Corner.Z > image.Corner.X + 0.3f, $"corner {image.Corner}");
    }

    [Theory]
    [InlineData(0f, 0f, 0f, 0f, 0f, 0f)]
    [InlineData(128f, 128f, 0f, 0f, 64f, 64f)]
    [InlineData(64f, 64f, 16f, 0f, 64f, 64f)]
    public void Unet_PaintsTheDuskGradient_WhenTimeIdsDoNotDescribeTheImage(float h, float w, float top, float left, float th, float tw)
    {
        var prompt = Encode("blue circle");

        var right = Denoise(prompt.HiddenStates, prompt.Pooled!, [h, w, top, left, th, tw]);
        var good = Denoise(prompt.HiddenStates, prompt.Pooled!, prompt.TimeIds!);

        Assert.True(right.Right.X - right.Left.X > 1f, $"left {right.Left} right {right.Right}");
        Assert.True(good.Right.X - good.Left.X < 0.2f, $"correct time_ids: left {good.Left} right {good.Right}");
    }

    [Fact]
    public void Unet_PaintsAnotherColour_WhenTheEncodersHalvesAreSwapped()
    {
        var prompt = Encode("red");
        var first = SdxlDemoModelForge.FirstHiddenSize;
        var second = SdxlDemoModelForge.SecondHiddenSize;
        var swapped = new float[prompt.HiddenStates.Length];
        for (var t = 0; t < prompt.SequenceLength; t++)
        {
            prompt.HiddenStates.AsSpan((t * (first + second)) + first, second).CopyTo(swapped.AsSpan(t * (first + second)));
            prompt.HiddenStates.AsSpan(t * (first + second), first).CopyTo(swapped.AsSpan((t * (first + second)) + second));
        }

        var good = Denoise(prompt.HiddenStates, prompt.Pooled!, prompt.TimeIds!);
        var wrong = Denoise(swapped, prompt.Pooled!, prompt.TimeIds!);

        Assert.True(good.Centre.X - good.Centre.Y > 0.4f, $"correct: {good.Centre}");
        Assert.True(wrong.Centre.X - wrong.Centre.Y < 0f, $"swapped: {wrong.Centre}");
    }

    [Fact]
    public void Unet_PaintsAnotherColour_WhenTheLastLayerIsUsedInsteadOfThePenultimate()
    {
        var prompt = Encode("red");
        var last = new float[prompt.HiddenStates.Length];
        for (var i = 0; i < last.Length; i++)
        {
            last[i] = -prompt.HiddenStates[i];
        }

        var wrong = Denoise(last, prompt.Pooled!, prompt.TimeIds!);

        Assert.True(wrong.Centre.X - wrong.Centre.Y < 0f, $"last layer: {wrong.Centre}");
    }

    [Fact]
    public void Open_ReadsTheSdxlLayout()
    {
        Assert.Equal("SDXL", _model.Family);
        Assert.Equal(SdxlDemoModelForge.FirstHiddenSize + SdxlDemoModelForge.SecondHiddenSize, _model.Conditioner.HiddenSize);
        Assert.Equal(0.13025f, _model.ScalingFactor);
        Assert.Equal(0, _model.TextEncoder2!.Tokenizer.PadId);
        Assert.Equal(49407, _model.TextEncoder.Tokenizer.PadId);
        Assert.Contains(_model.Describe(), line => line.StartsWith("family: sdxl;", StringComparison.Ordinal));
    }

    [Fact]
    public void Encode_ZeroesTheEmptyNegative_AndRepeatsTheSizesInTimeIds()
    {
        using var runOptions = new RunOptions();

        var (positive, negative) = _model.Conditioner.Encode("red", "", guided: true, width: 192, height: 128, runOptions);

        Assert.All(negative!.HiddenStates, v => Assert.Equal(0f, v));
        Assert.All(negative.Pooled!, v => Assert.Equal(0f, v));
        Assert.Equal([128f, 192f, 0f, 0f, 128f, 192f], positive.TimeIds!);
        Assert.Equal(positive.TimeIds, negative.TimeIds);
    }

    private EncodedPrompt Encode(string prompt)
    {
        using var runOptions = new RunOptions();
        return _model.Conditioner.Encode(prompt, "", guided: false, width: Side * 8, height: Side * 8, runOptions).Positive;
    }

    /// <summary>x̂₀ at t = 999 from x = 0, decoded to rgb in [-1, 1] at a few places.</summary>
    private Picture Denoise(float[] hidden, float[] pooled, float[] timeIds)
    {
        using var run = new ModelRun(_folder.File("unet", "model.onnx"))
            .With("sample", [1, 4, Side, Side], _ => 0f)
            .With("timestep", [1], [999f])
            .With("encoder_hidden_states", [1, hidden.Length / _model.Conditioner.HiddenSize, _model.Conditioner.HiddenSize], hidden)
            .With("text_embeds", [1, pooled.Length], pooled)
            .With("time_ids", [1, timeIds.Length], timeIds);
        var output = run.Run()["out_sample"].Values;

        // ε = (x − √ᾱ·x̂₀)/√(1−ᾱ) with x = 0, so x̂₀ = −ε·√(1−ᾱ)/√ᾱ.
        const double alphaBar = 0.0046600951;
        var scale = (float)(-Math.Sqrt(1 - alphaBar) / Math.Sqrt(alphaBar));
        Vector3 At(int x, int y)
        {
            Span<float> latent = stackalloc float[4];
            for (var c = 0; c < 4; c++)
            {
                latent[c] = output[(((c * Side) + y) * Side) + x] * scale;
            }

            return DemoLatentSpace.Sdxl.ToRgb(latent);
        }

        return new Picture(At(Side / 2, Side / 2), At(0, 0), At(0, Side / 2), At(Side - 1, Side / 2));
    }

    public void Dispose()
    {
        _model.Dispose();
        _folder.Dispose();
    }

    private sealed record Picture(Vector3 Centre, Vector3 Corner, Vector3 Left, Vector3 Right);
}
