using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>The demo VAE: linear maps between rgb and <see cref="DemoLatentSpace"/>, 8× nearest upsampling.</summary>
internal static class DemoVaeGraphs
{
    public static ModelProto BuildDecoder(float scalingFactor = PipelineConfigFiles.VaeScalingFactor, DemoLatentSpace? space = null)
    {
        space ??= DemoLatentSpace.Sd15;
        var g = new OnnxGraphBuilder("demo_vae_decoder");
        var latent = g.Input("latent_sample", DataType.Float, "batch", DemoLatentSpace.Channels, "height", "width");
        var rgb = g.Node("Conv", [latent, g.Floats(space.DecoderWeights(scalingFactor), 3, DemoLatentSpace.Channels, 1, 1), g.Floats(space.DecoderBias(), 3)]);
        const float up = DemoLatentSpace.Downscale;
        var image = g.Node("Resize", [rgb, "", g.Floats([1f, 1f, up, up], 4)], OnnxGraphBuilder.String("mode", "nearest"));
        g.Output("sample", image, DataType.Float, "batch", 3, "image_height", "image_width");
        return g.Build();
    }

    public static ModelProto BuildEncoder(float scalingFactor = PipelineConfigFiles.VaeScalingFactor, DemoLatentSpace? space = null)
    {
        space ??= DemoLatentSpace.Sd15;
        var g = new OnnxGraphBuilder("demo_vae_encoder");
        var image = g.Input("sample", DataType.Float, "batch", 3, "height", "width");
        var pooled = g.Node("AveragePool", [image],
            OnnxGraphBuilder.Ints("kernel_shape", DemoLatentSpace.Downscale, DemoLatentSpace.Downscale),
            OnnxGraphBuilder.Ints("strides", DemoLatentSpace.Downscale, DemoLatentSpace.Downscale));
        var latent = g.Node("Conv", [pooled, g.Floats(space.EncoderWeights(scalingFactor), DemoLatentSpace.Channels, 3, 1, 1), g.Floats(space.EncoderBias(scalingFactor), DemoLatentSpace.Channels)]);
        g.Output("latent_sample", latent, DataType.Float, "batch", DemoLatentSpace.Channels, "latent_height", "latent_width");
        return g.Build();
    }
}
