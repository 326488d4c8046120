using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// An embedding lookup: a concept word's row has 1 in the dimensions of the concepts it names; every
/// token (BOS, EOS, padding, any word) also has 1 in <see cref="PresenceDimension"/>, which the UNet
/// does not read.
/// </summary>
/// <remarks>
/// The presence dimension gives every position a state, as CLIP's do, so A1111's emphasis behaves as
/// on a real encoder: with the chunk's mean restored, a weighted word gains on the padding, and
/// <c>(red:1.5)</c> pushes harder than <c>red</c> even alone.
/// </remarks>
internal static class DemoTextEncoderGraph
{
    public static int PresenceDimension(int hiddenSize) => hiddenSize - 1;

    /// <summary>The table's row for <paramref name="word"/>: presence, and 1 for each concept the word names.</summary>
    public static float[] Row(string word, int hiddenSize)
    {
        var row = new float[hiddenSize];
        row[PresenceDimension(hiddenSize)] = 1f;
        var concepts = DemoConceptCatalog.All;
        for (var k = 0; k < concepts.Count; k++)
        {
            if (concepts[k].Words.Contains(word, StringComparer.Ordinal))
            {
                row[k] = 1f;
            }
        }

        return row;
    }

    public static ModelProto Build(int hiddenSize)
    {
        var table = new float[ClipVocabulary.Size * hiddenSize];
        for (var id = 0; id < ClipVocabulary.Size; id++)
        {
            table[(id * hiddenSize) + PresenceDimension(hiddenSize)] = 1f;
        }

        foreach (var word in DemoConceptCatalog.All.SelectMany(c => c.Words).Distinct(StringComparer.Ordinal))
        {
            Row(word, hiddenSize).CopyTo(table, ClipVocabulary.IdOfWord(word) * hiddenSize);
        }

        var g = new OnnxGraphBuilder("demo_text_encoder");
        var ids = g.Input("input_ids", DataType.Int32, "batch", "sequence");
        var hidden = g.Node("Gather", [g.Floats(table, ClipVocabulary.Size, hiddenSize), ids], OnnxGraphBuilder.Int("axis", 0));
        g.Output("last_hidden_state", hidden, DataType.Float, "batch", "sequence", hiddenSize);
        g.Output("pooler_output", g.ReduceSum(hidden, false, 1), DataType.Float, "batch", hiddenSize);
        return g.Build();
    }
}
