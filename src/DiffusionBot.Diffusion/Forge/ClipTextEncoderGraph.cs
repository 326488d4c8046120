using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>A CLIP text transformer's shape: SD 1.5's ViT-L, SDXL's ViT-L with per-layer outputs, or OpenCLIP bigG with a projection.</summary>
internal sealed record ClipTextConfig(int Width, int Layers, int Heads, int Intermediate, bool QuickGelu, bool HiddenStates, bool Projection);

/// <summary>
/// transformers' CLIPTextModel (and CLIPTextModelWithProjection): pre-norm layers with a causal mask and a final layer
/// norm; pooled output at the end-of-text token, projected to <c>text_embeds</c> when the config says so. With
/// <see cref="ClipTextConfig.HiddenStates"/> every layer's input is an output too (<c>hidden_states.0…N</c>, the last one
/// before the final norm), as Optimum exports SDXL's encoders with <c>output_hidden_states</c>.
/// </summary>
internal static class ClipTextEncoderGraph
{
    public static ModelProto Build(ClipTextConfig c, TinyWeights weights)
    {
        var m = new ModuleGraph(new OnnxGraphBuilder("text_encoder"), weights);
        var g = m.G;
        var width = c.Width;
        var ids = g.Input("input_ids", DataType.Int32, "batch", "sequence");
        var length = g.Node("Gather", [g.Node("Shape", [ids]), g.ScalarInt64(1)], OnnxGraphBuilder.Int("axis", 0));
        var positions = g.Node("Range", [g.ScalarInt64(0), length, g.ScalarInt64(1)]);

        var tokens = g.NamedFloats("text_model.embeddings.token_embedding.weight", weights.Uniform(ClipVocabulary.Size * width, 0.02f * MathF.Sqrt(3f)), ClipVocabulary.Size, width);
        var places = g.NamedFloats("text_model.embeddings.position_embedding.weight", weights.Uniform(Sd15Dimensions.ClipPositions * width, 0.01f * MathF.Sqrt(3f)), Sd15Dimensions.ClipPositions, width);
        var h = g.Add(Gather(g, tokens, ids), Gather(g, places, positions));

        // −∞ (float.MinValue, as transformers uses) strictly above the diagonal: no token sees a later one.
        var square = g.Node("Concat", [g.Unsqueeze(length, 0), g.Unsqueeze(length, 0)], OnnxGraphBuilder.Int("axis", 0));
        var mask = g.Node("Trilu", [g.Node("Expand", [g.Scalar(float.MinValue), square]), g.ScalarInt64(1)], OnnxGraphBuilder.Int("upper", 1));

        var layerOutputs = new List<string> { h };
        for (var i = 0; i < c.Layers; i++)
        {
            var layer = $"text_model.encoder.layers.{i}";
            h = g.Add(h, m.Attention(m.LayerNorm($"{layer}.layer_norm1", h, width), null, AttentionNames.Clip($"{layer}.self_attn"),
                width, width, c.Heads, mask));
            var fc1 = m.Linear($"{layer}.mlp.fc1", m.LayerNorm($"{layer}.layer_norm2", h, width), width, c.Intermediate);
            h = g.Add(h, m.Linear($"{layer}.mlp.fc2", c.QuickGelu ? m.QuickGelu(fc1) : m.Gelu(fc1), c.Intermediate, width));
            layerOutputs.Add(h);
        }

        h = m.LayerNorm("text_model.final_layer_norm", h, width);
        if (!c.Projection)
        {
            g.Output("last_hidden_state", h, DataType.Float, "batch", "sequence", width);
        }

        // The end-of-text token has the highest id, so argmax finds it (transformers' rule for this vocabulary).
        var end = g.Node("ArgMax", [ids], OnnxGraphBuilder.Int("axis", 1), OnnxGraphBuilder.Int("keepdims", 1));
        var atEnd = g.Cast(g.Node("Equal", [positions, end]), DataType.Float);
        var pooled = g.Reshape(g.MatMul(g.Unsqueeze(atEnd, 1), h), 0, width);
        if (c.Projection)
        {
            g.Output("text_embeds", m.Linear("text_projection", pooled, width, width, bias: false), DataType.Float, "batch", width);
            g.Output("last_hidden_state", h, DataType.Float, "batch", "sequence", width);
        }
        else
        {
            g.Output("pooler_output", pooled, DataType.Float, "batch", width);
        }

        if (c.HiddenStates)
        {
            for (var i = 0; i < layerOutputs.Count; i++)
            {
                g.Output($"hidden_states.{i}", layerOutputs[i], DataType.Float, "batch", "sequence", width);
            }
        }

        return g.Build();
    }

    private static string Gather(OnnxGraphBuilder g, string table, string indices) =>
        g.Node("Gather", [table, indices], OnnxGraphBuilder.Int("axis", 0));
}
