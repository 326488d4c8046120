using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// The demo's analytic denoiser with SDXL's inputs. The prompt logits come from both encoders' halves of
/// <c>encoder_hidden_states</c> (colours) and from <c>text_embeds</c> (shape); <c>time_ids</c> must describe the
/// image being made (original = target = the sample's size × 8, no crop), or the picture turns into the unnamed
/// dusk gradient. The refiner's five <c>time_ids</c> end with the aesthetic score, which scales the prompt (6 → 1).
/// </summary>
internal static class SdxlDemoUnetGraph
{
    /// <summary>The logit a wrong <c>time_ids</c> gives the dusk gradient: more than any prompt can outweigh.</summary>
    public const float WrongSizeLogit = 40f;

    public static ModelProto Build(DemoModelOptions options, int? firstHidden, int secondHidden, int pooledSize, bool aestheticScore, int? timestepCondSize = null)
    {
        var concepts = DemoConceptCatalog.All;
        var k = concepts.Count;
        var hidden = (firstHidden ?? 0) + secondHidden;
        var g = new OnnxGraphBuilder(aestheticScore ? "demo_xl_refiner_unet" : "demo_xl_unet");
        var sample = g.Input("sample", DataType.Float, "batch_size", DemoLatentSpace.Channels, "height", "width");
        var timestep = g.Input("timestep", DataType.Float, "batch_size");
        var text = g.Input("encoder_hidden_states", DataType.Float, "batch_size", "sequence_length", hidden);
        var pooled = g.Input("text_embeds", DataType.Float, "batch_size", pooledSize);
        var timeIds = g.Input("time_ids", DataType.Float, "batch_size", aestheticScore ? 5 : 6);
        string? guidance = null;
        if (timestepCondSize is { } condSize)
        {
            // A guidance-distilled (LCM) UNet applies the guidance it is told in timestep_cond. The embedding's last
            // sine is sin((g − 1)·1000·10⁻⁴), so g = 1 + 10·asin(it); the prompt's logits are scaled by g.
            var cond = g.Input("timestep_cond", DataType.Float, "batch_size", condSize);
            guidance = g.Add(g.Scalar(1f), g.Mul(g.Scalar(10f), g.Node("Asin", [Column(g, cond, (condSize / 2) - 1)])));
        }

        var colours = g.MatMul(g.ReduceSum(text, false, 1), g.Floats(ColourWeights(options, firstHidden, secondHidden), hidden, k));
        var shapes = g.MatMul(pooled, g.Floats(ShapeWeights(options, pooledSize), pooledSize, k));
        var prompt = g.Add(colours, shapes);
        if (guidance is not null)
        {
            prompt = g.Mul(prompt, guidance);
        }

        if (aestheticScore)
        {
            prompt = g.Mul(prompt, g.Div(Column(g, timeIds, 4), g.Scalar(6f)));
        }

        var gradient = Enumerable.Range(0, k).Single(i => concepts[i].Shape == DemoConceptShape.HorizontalGradient);
        var oneHot = new float[k];
        oneHot[gradient] = WrongSizeLogit;
        var wrongness = g.Node("Min", [SizeMismatch(g, sample, timeIds, aestheticScore), g.Scalar(1f)]);
        DemoUnetGraph.Denoise(g, options, sample, timestep, g.Add(prompt, g.Mul(wrongness, g.Floats(oneHot, k))), DemoLatentSpace.Sdxl);
        return g.Build();
    }

    /// <summary>[batch, 1]: the summed absolute differences from the sizes and crop this sample should have.</summary>
    private static string SizeMismatch(OnnxGraphBuilder g, string sample, string timeIds, bool aestheticScore)
    {
        var shape = g.Cast(g.Node("Shape", [sample]), DataType.Float);
        var pixelHeight = g.Mul(g.Node("Gather", [shape, g.ScalarInt64(2)], OnnxGraphBuilder.Int("axis", 0)), g.Scalar(DemoLatentSpace.Downscale));
        var pixelWidth = g.Mul(g.Node("Gather", [shape, g.ScalarInt64(3)], OnnxGraphBuilder.Int("axis", 0)), g.Scalar(DemoLatentSpace.Downscale));
        var terms = new List<string>
        {
            Abs(g, g.Sub(Column(g, timeIds, 0), pixelHeight)),
            Abs(g, g.Sub(Column(g, timeIds, 1), pixelWidth)),
            Abs(g, Column(g, timeIds, 2)),
            Abs(g, Column(g, timeIds, 3)),
        };
        if (!aestheticScore)
        {
            terms.Add(Abs(g, g.Sub(Column(g, timeIds, 4), pixelHeight)));
            terms.Add(Abs(g, g.Sub(Column(g, timeIds, 5), pixelWidth)));
        }

        return terms.Aggregate(g.Add);
    }

    /// <summary>Column <paramref name="index"/> of [batch, n] as [batch, 1].</summary>
    private static string Column(OnnxGraphBuilder g, string matrix, long index) =>
        g.Node("Slice", [matrix, g.Int64s(index), g.Int64s(index + 1), g.Int64s(1)]);

    private static string Abs(OnnxGraphBuilder g, string value) => g.Node("Abs", [value]);

    /// <summary>Half the prompt strength from each encoder's colour dimensions (the second's stored reversed).</summary>
    private static float[] ColourWeights(DemoModelOptions options, int? firstHidden, int secondHidden)
    {
        var k = DemoConceptCatalog.All.Count;
        var first = firstHidden ?? 0;
        var share = firstHidden is null ? options.PromptStrength : options.PromptStrength / 2;
        var weights = new float[(first + secondHidden) * k];
        for (var concept = 0; concept < k; concept++)
        {
            if (firstHidden is not null)
            {
                weights[(concept * k) + concept] = share;
            }

            weights[((first + k - 1 - concept) * k) + concept] = share;
        }

        return weights;
    }

    private static float[] ShapeWeights(DemoModelOptions options, int pooledSize)
    {
        var concepts = DemoConceptCatalog.All;
        var weights = new float[pooledSize * concepts.Count];
        for (var concept = 0; concept < concepts.Count; concept++)
        {
            if (concepts[concept].Shape == DemoConceptShape.Disc)
            {
                weights[(SdxlDemoTextEncoderGraphs.ShapeDimension * concepts.Count) + concept] = options.PromptStrength;
            }
        }

        return weights;
    }
}
