using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// diffusers' AutoencoderKL with SD's configuration (128/256/512/512, two resnets per encoder
/// block and three per decoder block, a single-head attention in each mid block). The encoder
/// returns <c>latent_parameters</c> (mean ‖ logvar) as Optimum ≥ 1.23 exports it.
/// </summary>
internal static class Sd15VaeGraphs
{
    private const float Epsilon = 1e-6f;

    public static ModelProto BuildDecoder(Sd15Dimensions d, TinyWeights weights)
    {
        var m = new ModuleGraph(new OnnxGraphBuilder("vae_decoder"), weights);
        var g = m.G;
        var blocks = d.VaeBlocks;
        var latent = g.Input("latent_sample", DataType.Float, "batch", Sd15Dimensions.LatentChannels, "latent_height", "latent_width");
        var h = m.Conv("post_quant_conv", latent, Sd15Dimensions.LatentChannels, Sd15Dimensions.LatentChannels, 1);
        var channels = blocks[^1];
        h = m.Conv("decoder.conv_in", h, Sd15Dimensions.LatentChannels, channels, 3);
        h = MidBlock(m, "decoder.mid_block", h, channels);
        for (var i = 0; i < blocks.Length; i++)
        {
            var width = blocks[^(i + 1)];
            for (var j = 0; j <= Sd15Dimensions.VaeLayersPerBlock; j++)
            {
                h = Resnet(m, $"decoder.up_blocks.{i}.resnets.{j}", h, channels, width);
                channels = width;
            }

            if (i < blocks.Length - 1)
            {
                h = m.Conv($"decoder.up_blocks.{i}.upsamplers.0.conv", Sd15UnetGraph.UpsampleNearest2x(g, h), channels, channels, 3);
            }
        }

        h = m.Conv("decoder.conv_out", m.Silu(m.GroupNorm("decoder.conv_norm_out", h, channels, Epsilon)), channels, 3, 3);
        g.Output("sample", h, DataType.Float, "batch", 3, "height", "width");
        return g.Build();
    }

    public static ModelProto BuildEncoder(Sd15Dimensions d, TinyWeights weights)
    {
        var m = new ModuleGraph(new OnnxGraphBuilder("vae_encoder"), weights);
        var g = m.G;
        var blocks = d.VaeBlocks;
        var image = g.Input("sample", DataType.Float, "batch", 3, "height", "width");
        var channels = blocks[0];
        var h = m.Conv("encoder.conv_in", image, 3, channels, 3);
        for (var i = 0; i < blocks.Length; i++)
        {
            for (var j = 0; j < Sd15Dimensions.VaeLayersPerBlock; j++)
            {
                h = Resnet(m, $"encoder.down_blocks.{i}.resnets.{j}", h, channels, blocks[i]);
                channels = blocks[i];
            }

            if (i < blocks.Length - 1)
            {
                // diffusers pads (0, 1, 0, 1) and convolves with stride 2 and no padding.
                h = m.Conv($"encoder.down_blocks.{i}.downsamplers.0.conv", h, channels, channels, 3, stride: 2, pads: [0, 0, 1, 1]);
            }
        }

        h = MidBlock(m, "encoder.mid_block", h, channels);
        var moments = Sd15Dimensions.LatentChannels * 2;
        h = m.Conv("encoder.conv_out", m.Silu(m.GroupNorm("encoder.conv_norm_out", h, channels, Epsilon)), channels, moments, 3);
        h = m.Conv("quant_conv", h, moments, moments, 1);
        g.Output("latent_parameters", h, DataType.Float, "batch", moments, "latent_height", "latent_width");
        return g.Build();
    }

    private static string MidBlock(ModuleGraph m, string path, string x, int channels)
    {
        var h = Resnet(m, $"{path}.resnets.0", x, channels, channels);
        h = Attention(m, $"{path}.attentions.0", h, channels);
        return Resnet(m, $"{path}.resnets.1", h, channels, channels);
    }

    private static string Resnet(ModuleGraph m, string path, string x, int inChannels, int outChannels)
    {
        var h = m.Conv($"{path}.conv1", m.Silu(m.GroupNorm($"{path}.norm1", x, inChannels, Epsilon)), inChannels, outChannels, 3);
        h = m.Conv($"{path}.conv2", m.Silu(m.GroupNorm($"{path}.norm2", h, outChannels, Epsilon)), outChannels, outChannels, 3);
        var shortcut = inChannels == outChannels ? x : m.Conv($"{path}.conv_shortcut", x, inChannels, outChannels, 1);
        return m.G.Add(shortcut, h);
    }

    private static string Attention(ModuleGraph m, string path, string x, int channels)
    {
        var g = m.G;
        var h = m.GroupNorm($"{path}.group_norm", x, channels, Epsilon);
        h = g.Node("Transpose", [g.Reshape(h, 0, channels, -1)], OnnxGraphBuilder.Ints("perm", 0, 2, 1));
        h = m.Attention(h, null, AttentionNames.Diffusers(path, true), channels, channels, heads: 1);
        h = g.Node("Reshape", [g.Node("Transpose", [h], OnnxGraphBuilder.Ints("perm", 0, 2, 1)), g.Node("Shape", [x])]);
        return g.Add(h, x);
    }
}
