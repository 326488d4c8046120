using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// diffusers' UNet2DConditionModel with SD 1.5's configuration: CrossAttnDownBlock2D ×3 +
/// DownBlock2D, a cross-attention mid block, UpBlock2D + CrossAttnUpBlock2D ×3, two resnets per
/// down block and three per up block, one GEGLU transformer block per attention, 8 heads.
/// </summary>
internal static class Sd15UnetGraph
{
    private const float ResnetEpsilon = 1e-5f;
    private const float TransformerNormEpsilon = 1e-6f;

    public static ModelProto Build(Sd15Dimensions d, TinyWeights weights)
    {
        var m = new ModuleGraph(new OnnxGraphBuilder("unet"), weights);
        var g = m.G;
        var sample = g.Input("sample", DataType.Float, "batch", Sd15Dimensions.LatentChannels, "height", "width");
        var timestep = g.Input("timestep", DataType.Float, "steps");
        var context = g.Input("encoder_hidden_states", DataType.Float, "batch", "sequence", d.ClipHidden);
        var blocks = d.UnetBlocks;
        var unet = new UnetModules(m, d, context, TimeEmbedding(m, timestep, blocks[0], d.TimeEmbedding));

        var h = m.Conv("conv_in", sample, Sd15Dimensions.LatentChannels, blocks[0], 3);
        var channels = blocks[0];
        var skips = new Stack<(string Value, int Channels)>();
        skips.Push((h, channels));
        for (var i = 0; i < blocks.Length; i++)
        {
            var last = i == blocks.Length - 1;
            for (var j = 0; j < Sd15Dimensions.UnetLayersPerBlock; j++)
            {
                h = unet.Resnet($"down_blocks.{i}.resnets.{j}", h, channels, blocks[i]);
                channels = blocks[i];
                if (!last)
                {
                    h = unet.Transformer($"down_blocks.{i}.attentions.{j}", h, channels);
                }

                skips.Push((h, channels));
            }

            if (!last)
            {
                h = m.Conv($"down_blocks.{i}.downsamplers.0.conv", h, channels, channels, 3, stride: 2);
                skips.Push((h, channels));
            }
        }

        h = unet.Resnet("mid_block.resnets.0", h, channels, channels);
        h = unet.Transformer("mid_block.attentions.0", h, channels);
        h = unet.Resnet("mid_block.resnets.1", h, channels, channels);

        for (var i = 0; i < blocks.Length; i++)
        {
            var width = blocks[^(i + 1)];
            for (var j = 0; j <= Sd15Dimensions.UnetLayersPerBlock; j++)
            {
                var (skip, skipChannels) = skips.Pop();
                h = g.Node("Concat", [h, skip], OnnxGraphBuilder.Int("axis", 1));
                h = unet.Resnet($"up_blocks.{i}.resnets.{j}", h, channels + skipChannels, width);
                channels = width;
                if (i > 0)
                {
                    h = unet.Transformer($"up_blocks.{i}.attentions.{j}", h, channels);
                }
            }

            if (i < blocks.Length - 1)
            {
                h = m.Conv($"up_blocks.{i}.upsamplers.0.conv", UpsampleNearest2x(g, h), channels, channels, 3);
            }
        }

        h = m.Silu(m.GroupNorm("conv_norm_out", h, channels, ResnetEpsilon));
        h = m.Conv("conv_out", h, channels, Sd15Dimensions.LatentChannels, 3);
        g.Output("out_sample", h, DataType.Float, "batch", Sd15Dimensions.LatentChannels, "height", "width");
        return g.Build();
    }

    public static string UpsampleNearest2x(OnnxGraphBuilder g, string x) =>
        g.Node("Resize", [x, "", g.Floats([1f, 1f, 2f, 2f], 4)], OnnxGraphBuilder.String("mode", "nearest"));

    /// <summary>time_proj (sinusoidal, cos first: flip_sin_to_cos, no frequency shift) and time_embedding's two linears.</summary>
    private static string TimeEmbedding(ModuleGraph m, string timestep, int projection, int embedding)
    {
        var g = m.G;
        var half = projection / 2;
        var frequencies = new float[half];
        for (var i = 0; i < half; i++)
        {
            frequencies[i] = MathF.Exp(-MathF.Log(10000f) * i / half);
        }

        var angles = g.Mul(g.Unsqueeze(timestep, 1), g.Floats(frequencies, half));
        var projected = g.Node("Concat", [g.Node("Cos", [angles]), g.Node("Sin", [angles])], OnnxGraphBuilder.Int("axis", 1));
        var hidden = m.Silu(m.Linear("time_embedding.linear_1", projected, projection, embedding));
        return m.Linear("time_embedding.linear_2", hidden, embedding, embedding);
    }

    /// <summary>The resnet and transformer modules, which all read the same time embedding and text context.</summary>
    private sealed class UnetModules(ModuleGraph m, Sd15Dimensions d, string context, string timeEmbedding)
    {
        private readonly string _activatedTime = m.Silu(timeEmbedding);

        public string Resnet(string path, string x, int inChannels, int outChannels)
        {
            var g = m.G;
            var h = m.Conv($"{path}.conv1", m.Silu(m.GroupNorm($"{path}.norm1", x, inChannels, ResnetEpsilon)), inChannels, outChannels, 3);
            var time = g.Unsqueeze(m.Linear($"{path}.time_emb_proj", _activatedTime, d.TimeEmbedding, outChannels), 2, 3);
            h = g.Add(h, time);
            h = m.Conv($"{path}.conv2", m.Silu(m.GroupNorm($"{path}.norm2", h, outChannels, ResnetEpsilon)), outChannels, outChannels, 3);
            var shortcut = inChannels == outChannels ? x : m.Conv($"{path}.conv_shortcut", x, inChannels, outChannels, 1);
            return g.Add(shortcut, h);
        }

        /// <summary>Transformer2DModel with a conv proj_in/proj_out (SD 1.x) around one BasicTransformerBlock.</summary>
        public string Transformer(string path, string x, int channels)
        {
            var g = m.G;
            var h = m.Conv($"{path}.proj_in", m.GroupNorm($"{path}.norm", x, channels, TransformerNormEpsilon), channels, channels, 1);
            h = g.Reshape(g.Node("Transpose", [h], OnnxGraphBuilder.Ints("perm", 0, 2, 3, 1)), 0, -1, channels);
            var block = $"{path}.transformer_blocks.0";
            h = g.Add(m.Attention(m.LayerNorm($"{block}.norm1", h, channels), null, AttentionNames.Diffusers($"{block}.attn1", false),
                channels, channels, Sd15Dimensions.UnetHeads), h);
            h = g.Add(m.Attention(m.LayerNorm($"{block}.norm2", h, channels), context, AttentionNames.Diffusers($"{block}.attn2", false),
                channels, d.ClipHidden, Sd15Dimensions.UnetHeads), h);
            h = g.Add(GegluFeedForward($"{block}.ff", m.LayerNorm($"{block}.norm3", h, channels), channels), h);
            var image = g.Node("Reshape", [g.Node("Transpose", [h], OnnxGraphBuilder.Ints("perm", 0, 2, 1)), g.Node("Shape", [x])]);
            return g.Add(m.Conv($"{path}.proj_out", image, channels, channels, 1), x);
        }

        private string GegluFeedForward(string path, string x, int channels)
        {
            var g = m.G;
            var inner = channels * 4;
            var projected = m.Linear($"{path}.net.0.proj", x, channels, inner * 2);
            var hidden = g.Node("Slice", [projected, g.Int64s(0), g.Int64s(inner), g.Int64s(-1)]);
            var gate = g.Node("Slice", [projected, g.Int64s(inner), g.Int64s(inner * 2), g.Int64s(-1)]);
            return m.Linear($"{path}.net.2", g.Mul(hidden, m.Gelu(gate)), inner, channels);
        }
    }
}
