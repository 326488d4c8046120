using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// A random UNet with SD's I/O whose output depends on every input: a 1×1 conv of the sample,
/// plus projections of the mean text state (and <c>timestep_cond</c>), plus the scaled timestep.
/// </summary>
internal static class TinyUnetGraph
{
    private const int Channels = 4;

    public static ModelProto Build(TinyModelOptions options, TinyWeights weights)
    {
        var h = options.Sdxl ? (2 * options.HiddenSize) + TinyModelOptions.SdxlSecondEncoderExtraWidth : options.HiddenSize;
        var g = new OnnxGraphBuilder("tiny_unet");
        var sample = g.InputAsFloat("sample", options.Floats(), "batch", Channels, "height", "width");
        var timestep = g.Input("timestep", options.Timestep(), options.TimestepDims());
        var text = g.InputAsFloat("encoder_hidden_states", options.Floats(), "batch", "sequence", h);

        var mixed = g.Node("Conv", [sample, g.Floats(weights.Uniform(Channels * Channels, 0.5f), Channels, Channels, 1, 1),
            g.Floats(weights.Uniform(Channels, 0.1f), Channels)]);
        var context = g.MatMul(g.ReduceMean(text, false, 1), g.Floats(weights.Uniform(h * Channels, 0.5f), h, Channels));
        if (options.LcmTimestepCond)
        {
            const int size = TinyModelOptions.TimestepCondSize;
            var cond = g.InputAsFloat("timestep_cond", options.Floats(), "batch", size);
            context = g.Add(context, g.MatMul(cond, g.Floats(weights.Uniform(size * Channels, 0.05f), size, Channels)));
        }

        if (options.Sdxl)
        {
            const int pooled = TinyModelOptions.SdxlPooledSize;
            var embeds = g.InputAsFloat("text_embeds", options.Floats(), "batch", pooled);
            var timeIds = g.InputAsFloat("time_ids", options.Floats(), "batch", 6);
            context = g.Add(context, g.MatMul(embeds, g.Floats(weights.Uniform(pooled * Channels, 0.2f), pooled, Channels)));
            context = g.Add(context, g.MatMul(g.Mul(timeIds, g.Scalar(0.001f)), g.Floats(weights.Uniform(6 * Channels, 1f), 6, Channels)));
        }

        var time = g.Mul(g.Mul(g.Cast(g.FirstElement(timestep), DataType.Float), g.Scalar(0.001f)),
            g.Floats(weights.Uniform(Channels, 1f), Channels, 1, 1));
        var output = g.Node("Tanh", [g.Add(g.Add(mixed, g.Unsqueeze(context, 2, 3)), time)]);
        g.OutputFromFloat("out_sample", output, options.Floats(), "batch", Channels, "height", "width");
        return g.Build();
    }
}
