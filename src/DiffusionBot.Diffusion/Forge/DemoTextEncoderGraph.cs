using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// An embedding lookup: a concept word's row has 1 in the dimensions of the concepts it names,
/// every other token (BOS, EOS, padding, other words) embeds to zero.
/// </summary>
internal static class DemoTextEncoderGraph
{
    public static ModelProto Build(int hiddenSize)
    {
        var table = new float[ClipVocabulary.Size * hiddenSize];
        var concepts = DemoConceptCatalog.All;
        for (var k = 0; k < concepts.Count; k++)
        {
            foreach (var word in concepts[k].Words)
            {
                table[(ClipVocabulary.IdOfWord(word) * hiddenSize) + k] = 1f;
            }
        }

        var g = new OnnxGraphBuilder("demo_text_encoder");
        var ids = g.Input("input_ids", DataType.Int32, "batch", "sequence");
        var hidden = g.Node("Gather", [g.Floats(table, ClipVocabulary.Size, hiddenSize), ids], OnnxGraphBuilder.Int("axis", 0));
        g.Output("last_hidden_state", hidden, DataType.Float, "batch", "sequence", hiddenSize);
        g.Output("pooler_output", g.ReduceSum(hidden, false, 1), DataType.Float, "batch", hiddenSize);
        return g.Build();
    }
}
