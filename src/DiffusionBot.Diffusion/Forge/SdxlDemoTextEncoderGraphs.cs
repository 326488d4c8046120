using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// The SDXL demo's two text encoders, in the I/O Optimum exports (<c>hidden_states.0…N</c>; the second adds
/// <c>text_embeds</c>). Colour words live only in the penultimate layer (the last layer negates it, so reading
/// <c>last_hidden_state</c> paints the wrong picture); the second encoder stores them in reversed dimensions, so
/// swapping the encoders' halves does too. Shape words ("circle", "disc") live only in the pooled <c>text_embeds</c>.
/// </summary>
internal static class SdxlDemoTextEncoderGraphs
{
    /// <summary>Layers after the embeddings: the first encoder outputs hidden_states.0…2, the second 0…3.</summary>
    public const int FirstLayers = 2;
    public const int SecondLayers = 3;

    /// <summary>The pooled dimension that says "a disc".</summary>
    public const int ShapeDimension = 0;

    /// <summary>The demo's <c>text_encoder</c> (CLIP ViT-L's place): colour concept k in dimension k.</summary>
    public static ModelProto BuildFirst(int hiddenSize) =>
        Build("demo_xl_text_encoder", hiddenSize, FirstLayers, ColourTable(hiddenSize, k => k), pooledSize: null);

    /// <summary>The demo's <c>text_encoder_2</c> (OpenCLIP bigG's place): colour concept k in dimension K−1−k.</summary>
    public static ModelProto BuildSecond(int hiddenSize, int pooledSize) =>
        Build("demo_xl_text_encoder_2", hiddenSize, SecondLayers, ColourTable(hiddenSize, k => DemoConceptCatalog.All.Count - 1 - k), pooledSize);

    private static ModelProto Build(string name, int hiddenSize, int layers, float[] table, int? pooledSize)
    {
        var g = new OnnxGraphBuilder(name);
        var ids = g.Input("input_ids", DataType.Int64, "batch_size", "sequence_length");
        var embedded = g.Node("Gather", [g.Floats(table, ClipVocabulary.Size, hiddenSize), ids], OnnxGraphBuilder.Int("axis", 0));
        var last = g.Node("Neg", [embedded]);
        if (pooledSize is { } pooled)
        {
            var shapes = g.Node("Gather", [g.Floats(ShapeTable(pooled), ClipVocabulary.Size, pooled), ids], OnnxGraphBuilder.Int("axis", 0));
            g.Output("text_embeds", g.ReduceSum(shapes, false, 1), DataType.Float, "batch_size", pooled);
        }

        g.Output("last_hidden_state", last, DataType.Float, "batch_size", "sequence_length", hiddenSize);
        if (pooledSize is null)
        {
            g.Output("pooler_output", g.ReduceSum(last, false, 1), DataType.Float, "batch_size", hiddenSize);
        }

        for (var layer = 0; layer <= layers; layer++)
        {
            g.Output($"hidden_states.{layer}", layer == layers ? last : embedded, DataType.Float, "batch_size", "sequence_length", hiddenSize);
        }

        return g.Build();
    }

    private static float[] ColourTable(int hiddenSize, Func<int, int> dimensionOf)
    {
        var table = new float[ClipVocabulary.Size * hiddenSize];
        var concepts = DemoConceptCatalog.All;
        for (var k = 0; k < concepts.Count; k++)
        {
            foreach (var word in concepts[k].Words)
            {
                if (!DemoConceptCatalog.ShapeWords.Contains(word))
                {
                    table[(ClipVocabulary.IdOfWord(word) * hiddenSize) + dimensionOf(k)] = 1f;
                }
            }
        }

        return table;
    }

    private static float[] ShapeTable(int pooledSize)
    {
        var table = new float[ClipVocabulary.Size * pooledSize];
        foreach (var word in DemoConceptCatalog.ShapeWords)
        {
            table[(ClipVocabulary.IdOfWord(word) * pooledSize) + ShapeDimension] = 1f;
        }

        return table;
    }
}
