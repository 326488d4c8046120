using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Forge;

/// <summary>
/// A ×4 upscaler with Real-ESRGAN's interface (float RGB [1, 3, h, w] in [0, 1] in, [1, 3, 4h, 4w] out) whose weights are
/// a fixed bilinear kernel: a depthwise ConvTranspose (kernel 8, stride 4, padding 2). Each output pixel depends on at
/// most two input pixels per axis, so tiling with overlap must reproduce the untiled output exactly.
/// </summary>
public static class UpscalerForge
{
    public const int Factor = 4;
    public const string Name = "forge-bilinear-x4";

    /// <summary>Writes the upscaler to <paramref name="path"/>; with <paramref name="fixedSide"/> its input is that square size only.</summary>
    public static void Write(string path, int? fixedSide = null)
    {
        var graph = new OnnxGraphBuilder("forge_upscaler_x4");
        OnnxDim inHeight = fixedSide is { } h ? h : "height";
        OnnxDim inWidth = fixedSide is { } w ? w : "width";
        OnnxDim outHeight = fixedSide is { } oh ? oh * Factor : "out_height";
        OnnxDim outWidth = fixedSide is { } ow ? ow * Factor : "out_width";
        var input = graph.Input("input", DataType.Float, 1, 3, inHeight, inWidth);
        var kernel = graph.Floats(BilinearKernel(), 3, 1, 2 * Factor, 2 * Factor);
        var upscaled = graph.Node("ConvTranspose", [input, kernel],
            OnnxGraphBuilder.Int("group", 3),
            OnnxGraphBuilder.Ints("kernel_shape", 2 * Factor, 2 * Factor),
            OnnxGraphBuilder.Ints("strides", Factor, Factor),
            OnnxGraphBuilder.Ints("pads", Factor / 2, Factor / 2, Factor / 2, Factor / 2));
        graph.Output("output", upscaled, DataType.Float, 1, 3, outHeight, outWidth);
        OnnxModelFile.Write(graph.Build(), path);
    }

    /// <summary>The separable triangle kernel of bilinear upsampling by <see cref="Factor"/>, for each of the three channels.</summary>
    private static float[] BilinearKernel()
    {
        const int Size = 2 * Factor;
        const float Centre = Factor - 0.5f;
        var kernel = new float[3 * Size * Size];
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < Size; y++)
            {
                for (var x = 0; x < Size; x++)
                {
                    var wy = 1f - (Math.Abs(y - Centre) / Factor);
                    var wx = 1f - (Math.Abs(x - Centre) / Factor);
                    kernel[(c * Size * Size) + (y * Size) + x] = wy * wx;
                }
            }
        }

        return kernel;
    }
}
