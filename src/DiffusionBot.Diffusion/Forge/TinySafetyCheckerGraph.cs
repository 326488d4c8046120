using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// A safety checker with SD's I/O and a rule tests control: an image is flagged when its mean
/// pixel value is above <see cref="TinyModelOptions.NsfwThreshold"/>; flagged images come back black.
/// </summary>
internal static class TinySafetyCheckerGraph
{
    public const int ClipImageSize = 224;

    public static ModelProto Build(TinyModelOptions options)
    {
        var g = new OnnxGraphBuilder("tiny_safety_checker");
        var clip = g.InputAsFloat("clip_input", options.Floats(), "batch", 3, ClipImageSize, ClipImageSize);
        var images = g.InputAsFloat("images", options.Floats(), "batch", "height", "width", 3);

        // The CLIP input only joins by a zero weight, but its batch must still match the images'.
        var ignored = g.Mul(g.ReduceMean(clip, false, 1, 2, 3), g.Scalar(0f));
        var score = g.Add(g.ReduceMean(images, false, 1, 2, 3), ignored);
        var flagged = g.Node("Greater", [score, g.Scalar(options.NsfwThreshold)]);
        var blacked = g.Node("Where", [g.Reshape(flagged, -1, 1, 1, 1), g.Scalar(0f), images]);
        g.OutputFromFloat("out_images", blacked, options.Floats(), "batch", "height", "width", 3);
        g.Output("has_nsfw_concepts", flagged, DataType.Bool, "batch");
        return g.Build();
    }
}
