using Onnx;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>A random VAE with SD's I/O: 1×1 convs around an 8× pool and an 8× nearest upsample.</summary>
internal static class TinyVaeGraphs
{
    private const int Channels = 4;
    private const int Scale = 8;

    public static ModelProto BuildDecoder(TinyModelOptions options, TinyWeights weights)
    {
        var g = new OnnxGraphBuilder("tiny_vae_decoder");
        var latent = g.InputAsFloat("latent_sample", options.Floats(), "batch", Channels, "height", "width");
        var rgb = g.Node("Conv", [latent, g.Floats(weights.Uniform(3 * Channels, 0.5f), 3, Channels, 1, 1)]);
        var image = g.Node("Resize", [rgb, "", g.Floats([1f, 1f, Scale, Scale], 4)], OnnxGraphBuilder.String("mode", "nearest"));
        g.OutputFromFloat("sample", g.Node("Tanh", [image]), options.Floats(), "batch", 3, "image_height", "image_width");
        return g.Build();
    }

    public static ModelProto BuildEncoder(TinyModelOptions options, TinyWeights weights)
    {
        var parameters = options.VaeEncoderOutput == TinyVaeEncoderOutput.LatentParameters;
        var outputChannels = parameters ? 2 * Channels : Channels;
        var g = new OnnxGraphBuilder("tiny_vae_encoder");
        var image = g.InputAsFloat("sample", options.Floats(), "batch", 3, "height", "width");
        var pooled = g.Node("AveragePool", [image], OnnxGraphBuilder.Ints("kernel_shape", Scale, Scale), OnnxGraphBuilder.Ints("strides", Scale, Scale));
        var latent = g.Node("Conv", [pooled, g.Floats(weights.Uniform(outputChannels * 3, 0.5f), outputChannels, 3, 1, 1)]);
        g.OutputFromFloat(parameters ? "latent_parameters" : "latent_sample", latent, options.Floats(),
            "batch", outputChannels, "latent_height", "latent_width");
        return g.Build();
    }
}
