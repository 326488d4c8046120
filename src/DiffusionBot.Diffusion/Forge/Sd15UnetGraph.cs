using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// diffusers' UNet2DConditionModel as its config shapes it (<see cref="UnetArchitecture"/>): down blocks of two resnets
/// (with a transformer after each where the block has attention) and a downsampler but the last, a mid block, up
/// blocks of three resnets fed by the skips, GEGLU transformer blocks. SD 1.5: CrossAttnDownBlock2D ×3 + DownBlock2D,
/// one transformer block each, 8 heads; SDXL: DownBlock2D + CrossAttnDownBlock2D ×2 with 2 and 10 transformer blocks,
/// 64-wide heads, linear projections and the added text/time embedding.
/// </summary>
internal static class Sd15UnetGraph
{
    private const float ResnetEpsilon = 1e-5f;
    private const float TransformerNormEpsilon = 1e-6f;

    public static ModelProto Build(Sd15Dimensions d, TinyWeights weights) => Build(UnetArchitecture.Sd15(d), weights);

    public static ModelProto Build(UnetArchitecture a, TinyWeights weights)
    {
        var m = new ModuleGraph(new OnnxGraphBuilder("unet"), weights);
        var g = m.G;
        var sample = g.Input("sample", DataType.Float, "batch", Sd15Dimensions.LatentChannels, "height", "width");
        var timestep = g.Input("timestep", DataType.Float, "steps");
        var context = g.Input("encoder_hidden_states", DataType.Float, "batch", "sequence", a.ContextWidth);
        var blocks = a.Blocks;
        var time = TimeEmbedding(m, timestep, blocks[0], a.TimeEmbedding);
        if (a.Added is { } added)
        {
            time = g.Add(time, AddedEmbedding(m, added, a.TimeEmbedding));
        }

        var unet = new UnetModules(m, a, context, time);

        var h = m.Conv("conv_in", sample, Sd15Dimensions.LatentChannels, blocks[0], 3);
        var channels = blocks[0];
        var skips = new Stack<(string Value, int Channels)>();
        skips.Push((h, channels));
        for (var i = 0; i < blocks.Length; i++)
        {
            var last = i == blocks.Length - 1;
            for (var j = 0; j < UnetArchitecture.LayersPerBlock; j++)
            {
                h = unet.Resnet($"down_blocks.{i}.resnets.{j}", h, channels, blocks[i]);
                channels = blocks[i];
                if (a.Depths[i] > 0)
                {
                    h = unet.Transformer($"down_blocks.{i}.attentions.{j}", h, channels, a.Depths[i]);
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
        h = unet.Transformer("mid_block.attentions.0", h, channels, a.MidDepth);
        h = unet.Resnet("mid_block.resnets.1", h, channels, channels);

        for (var i = 0; i < blocks.Length; i++)
        {
            var width = blocks[^(i + 1)];
            var depth = a.Depths[^(i + 1)];
            for (var j = 0; j <= UnetArchitecture.LayersPerBlock; j++)
            {
                var (skip, skipChannels) = skips.Pop();
                h = g.Node("Concat", [h, skip], OnnxGraphBuilder.Int("axis", 1));
                h = unet.Resnet($"up_blocks.{i}.resnets.{j}", h, channels + skipChannels, width);
                channels = width;
                if (depth > 0)
                {
                    h = unet.Transformer($"up_blocks.{i}.attentions.{j}", h, channels, depth);
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
        var hidden = m.Silu(m.Linear("time_embedding.linear_1", Sinusoids(m.G, timestep, projection), projection, embedding));
        return m.Linear("time_embedding.linear_2", hidden, embedding, embedding);
    }

    /// <summary>SDXL's add_time_proj over the flattened <c>time_ids</c>, beside <c>text_embeds</c>, through add_embedding's two linears.</summary>
    private static string AddedEmbedding(ModuleGraph m, AddedConditioning added, int embedding)
    {
        var g = m.G;
        var pooled = g.Input("text_embeds", DataType.Float, "batch", added.PooledWidth);
        var timeIds = g.Input("time_ids", DataType.Float, "batch", added.TimeIds);
        var projected = g.Reshape(Sinusoids(g, g.Reshape(timeIds, -1), added.TimeIdWidth), -1, added.TimeIds * added.TimeIdWidth);
        var joined = g.Node("Concat", [pooled, projected], OnnxGraphBuilder.Int("axis", 1));
        var hidden = m.Silu(m.Linear("add_embedding.linear_1", joined, added.InputWidth, embedding));
        return m.Linear("add_embedding.linear_2", hidden, embedding, embedding);
    }

    /// <summary>diffusers' Timesteps: [N] values → [N, width], cos half first (flip_sin_to_cos), no frequency shift.</summary>
    private static string Sinusoids(OnnxGraphBuilder g, string values, int width)
    {
        var half = width / 2;
        var frequencies = new float[half];
        for (var i = 0; i < half; i++)
        {
            frequencies[i] = MathF.Exp(-MathF.Log(10000f) * i / half);
        }

        var angles = g.Mul(g.Unsqueeze(values, 1), g.Floats(frequencies, half));
        return g.Node("Concat", [g.Node("Cos", [angles]), g.Node("Sin", [angles])], OnnxGraphBuilder.Int("axis", 1));
    }

    /// <summary>The resnet and transformer modules, which all read the same time embedding and text context.</summary>
    private sealed class UnetModules(ModuleGraph m, UnetArchitecture a, string context, string timeEmbedding)
    {
        private readonly string _activatedTime = m.Silu(timeEmbedding);

        public string Resnet(string path, string x, int inChannels, int outChannels)
        {
            var g = m.G;
            var h = m.Conv($"{path}.conv1", m.Silu(m.GroupNorm($"{path}.norm1", x, inChannels, ResnetEpsilon)), inChannels, outChannels, 3);
            var time = g.Unsqueeze(m.Linear($"{path}.time_emb_proj", _activatedTime, a.TimeEmbedding, outChannels), 2, 3);
            h = g.Add(h, time);
            h = m.Conv($"{path}.conv2", m.Silu(m.GroupNorm($"{path}.norm2", h, outChannels, ResnetEpsilon)), outChannels, outChannels, 3);
            var shortcut = inChannels == outChannels ? x : m.Conv($"{path}.conv_shortcut", x, inChannels, outChannels, 1);
            return g.Add(shortcut, h);
        }

        /// <summary>
        /// Transformer2DModel around <paramref name="depth"/> BasicTransformerBlocks, its proj_in/proj_out a 1×1 conv on
        /// the image (SD 1.x) or a linear on the tokens (<c>use_linear_projection</c>, SDXL).
        /// </summary>
        public string Transformer(string path, string x, int channels, int depth)
        {
            var g = m.G;
            var heads = a.Heads(channels);
            var h = m.GroupNorm($"{path}.norm", x, channels, TransformerNormEpsilon);
            if (!a.LinearProjection)
            {
                h = m.Conv($"{path}.proj_in", h, channels, channels, 1);
            }

            h = g.Reshape(g.Node("Transpose", [h], OnnxGraphBuilder.Ints("perm", 0, 2, 3, 1)), 0, -1, channels);
            if (a.LinearProjection)
            {
                h = m.Linear($"{path}.proj_in", h, channels, channels);
            }

            for (var k = 0; k < depth; k++)
            {
                var block = $"{path}.transformer_blocks.{k}";
                h = g.Add(m.Attention(m.LayerNorm($"{block}.norm1", h, channels), null, AttentionNames.Diffusers($"{block}.attn1", false),
                    channels, channels, heads), h);
                h = g.Add(m.Attention(m.LayerNorm($"{block}.norm2", h, channels), context, AttentionNames.Diffusers($"{block}.attn2", false),
                    channels, a.ContextWidth, heads), h);
                h = g.Add(GegluFeedForward($"{block}.ff", m.LayerNorm($"{block}.norm3", h, channels), channels), h);
            }

            if (a.LinearProjection)
            {
                h = m.Linear($"{path}.proj_out", h, channels, channels);
            }

            var image = g.Node("Reshape", [g.Node("Transpose", [h], OnnxGraphBuilder.Ints("perm", 0, 2, 1)), g.Node("Shape", [x])]);
            return g.Add(a.LinearProjection ? image : m.Conv($"{path}.proj_out", image, channels, channels, 1), x);
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
