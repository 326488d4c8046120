using Onnx;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>A random CLIP-shaped text encoder: embedding, one dense layer with tanh, mean pooling.</summary>
internal static class TinyTextEncoderGraph
{
    /// <summary>Ids are folded into a small table so the model stays tiny yet accepts every CLIP id.</summary>
    private const int TableRows = 1024;

    public static ModelProto Build(TinyModelOptions options, TinyWeights weights)
    {
        var h = options.HiddenSize;
        var g = new OnnxGraphBuilder("tiny_text_encoder");
        var ids = g.Input("input_ids", options.Ids(), "batch", "sequence");
        var rows = g.Node("Mod", [ids, g.Cast(g.ScalarInt64(TableRows), options.Ids())]);
        var embedded = g.Node("Gather", [g.Floats(weights.Uniform(TableRows * h, 1f), TableRows, h), rows], OnnxGraphBuilder.Int("axis", 0));
        var dense = g.Add(g.MatMul(embedded, g.Floats(weights.Uniform(h * h, 1f / MathF.Sqrt(h)), h, h)), g.Floats(weights.Uniform(h, 0.1f), h));
        var hidden = g.Node("Tanh", [dense]);
        g.OutputFromFloat("last_hidden_state", hidden, options.Floats(), "batch", "sequence", h);
        g.OutputFromFloat("pooler_output", g.ReduceMean(hidden, false, 1), options.Floats(), "batch", h);
        return g.Build();
    }
}
