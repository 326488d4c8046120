using Onnx;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>A random CLIP-shaped text encoder: embedding, one dense layer with tanh, mean pooling.</summary>
internal static class TinyTextEncoderGraph
{
    /// <summary>Ids are folded into a small table so the model stays tiny yet accepts every CLIP id.</summary>
    private const int TableRows = 1024;

    public static ModelProto Build(TinyModelOptions options, TinyWeights weights) =>
        Build(options, weights, "tiny_text_encoder", options.HiddenSize, options.Sdxl, pooledSize: null);

    /// <summary>SDXL's <c>text_encoder_2</c>: wider, with per-layer outputs and the projected pooled <c>text_embeds</c>.</summary>
    public static ModelProto BuildSdxlSecond(TinyModelOptions options, TinyWeights weights) =>
        Build(options, weights, "tiny_text_encoder_2", options.HiddenSize + TinyModelOptions.SdxlSecondEncoderExtraWidth, true, TinyModelOptions.SdxlPooledSize);

    private static ModelProto Build(TinyModelOptions options, TinyWeights weights, string name, int h, bool layerOutputs, int? pooledSize)
    {
        var g = new OnnxGraphBuilder(name);
        var ids = g.Input("input_ids", options.Ids(), "batch", "sequence");
        var rows = g.Node("Mod", [ids, g.Cast(g.ScalarInt64(TableRows), options.Ids())]);
        var embedded = g.Node("Gather", [g.Floats(weights.Uniform(TableRows * h, 1f), TableRows, h), rows], OnnxGraphBuilder.Int("axis", 0));
        var dense = g.Add(g.MatMul(embedded, g.Floats(weights.Uniform(h * h, 1f / MathF.Sqrt(h)), h, h)), g.Floats(weights.Uniform(h, 0.1f), h));
        var hidden = g.Node("Tanh", [dense]);
        if (!layerOutputs)
        {
            g.OutputFromFloat("last_hidden_state", hidden, options.Floats(), "batch", "sequence", h);
            g.OutputFromFloat("pooler_output", g.ReduceMean(hidden, false, 1), options.Floats(), "batch", h);
            return g.Build();
        }

        // Optimum's SDXL export: hidden_states.0 (embeddings) … hidden_states.2 (the last layer), so .1 is the penultimate.
        var last = g.Node("Tanh", [g.MatMul(hidden, g.Floats(weights.Uniform(h * h, 1f / MathF.Sqrt(h)), h, h))]);
        g.OutputFromFloat("last_hidden_state", last, options.Floats(), "batch", "sequence", h);
        if (pooledSize is { } pooled)
        {
            var projected = g.MatMul(g.ReduceMean(last, false, 1), g.Floats(weights.Uniform(h * pooled, 1f / MathF.Sqrt(h)), h, pooled));
            g.OutputFromFloat("text_embeds", projected, options.Floats(), "batch", pooled);
        }
        else
        {
            g.OutputFromFloat("pooler_output", g.ReduceMean(last, false, 1), options.Floats(), "batch", h);
        }

        string[] layers = [embedded, hidden, last];
        for (var i = 0; i < layers.Length; i++)
        {
            g.OutputFromFloat($"hidden_states.{i}", layers[i], options.Floats(), "batch", "sequence", h);
        }

        return g.Build();
    }
}
