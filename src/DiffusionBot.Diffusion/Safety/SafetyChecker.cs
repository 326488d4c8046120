using DiffusionBot.Diffusion.Models;
using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Safety;

/// <summary>
/// The optional <c>safety_checker</c> of a model folder: CLIP-preprocessed pixels in, one verdict per image out.
/// </summary>
public sealed class SafetyChecker : IDisposable
{
    private const int ClipSize = 224;
    private static readonly float[] Mean = [0.48145466f, 0.4578275f, 0.40821073f];
    private static readonly float[] Std = [0.26862954f, 0.26130258f, 0.27577711f];

    private readonly OnnxModelPart _part;
    private readonly TensorSpec _clipInput;
    private readonly TensorSpec _images;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public SafetyChecker(OnnxModelPart part)
    {
        _part = part;
        _clipInput = part.Input("clip_input");
        _images = part.Input("images");
        part.Output("has_nsfw_concepts");
        _inputNames = [_clipInput.Name, _images.Name];
        _outputNames = ["has_nsfw_concepts"];
    }

    public string Describe() => _part.Describe();

    /// <summary>Verdicts for a batch of NCHW images in [0, 1].</summary>
    public bool[] Check(ReadOnlySpan<float> pixels, int batch, int height, int width, RunOptions runOptions)
    {
        var nhwc = new float[pixels.Length];
        var clip = new float[batch * 3 * ClipSize * ClipSize];
        var plane = height * width;
        for (var b = 0; b < batch; b++)
        {
            var image = pixels.Slice(b * 3 * plane, 3 * plane);
            for (var c = 0; c < 3; c++)
            {
                for (var i = 0; i < plane; i++)
                {
                    nhwc[(b * plane + i) * 3 + c] = image[c * plane + i];
                }
            }

            WriteClipInput(image, height, width, clip.AsSpan(b * 3 * ClipSize * ClipSize, 3 * ClipSize * ClipSize));
        }

        using var clipValue = TensorValues.FromFloats(_clipInput, clip, [batch, 3, ClipSize, ClipSize]);
        using var imagesValue = TensorValues.FromFloats(_images, nhwc, [batch, height, width, 3]);
        using var outputs = _part.Session.Run(runOptions, _inputNames, [clipValue, imagesValue], _outputNames);
        return outputs[0].GetTensorDataAsSpan<bool>().ToArray();
    }

    /// <summary>
    /// CLIPImageProcessor's centre crop of the shortest side, resized to 224 and normalised. It
    /// resamples bilinearly where CLIP uses bicubic: close enough for a verdict, and allocation-free.
    /// </summary>
    private static void WriteClipInput(ReadOnlySpan<float> image, int height, int width, Span<float> destination)
    {
        var side = Math.Min(height, width);
        var top = (height - side) / 2f;
        var left = (width - side) / 2f;
        var step = side / (float)ClipSize;
        var plane = height * width;
        for (var c = 0; c < 3; c++)
        {
            for (var y = 0; y < ClipSize; y++)
            {
                var sy = Math.Clamp(top + (y + 0.5f) * step - 0.5f, 0, height - 1);
                var y0 = (int)sy;
                var y1 = Math.Min(y0 + 1, height - 1);
                var fy = sy - y0;
                for (var x = 0; x < ClipSize; x++)
                {
                    var sx = Math.Clamp(left + (x + 0.5f) * step - 0.5f, 0, width - 1);
                    var x0 = (int)sx;
                    var x1 = Math.Min(x0 + 1, width - 1);
                    var fx = sx - x0;
                    var p = image.Slice(c * plane, plane);
                    var v = (p[y0 * width + x0] * (1 - fx) + p[y0 * width + x1] * fx) * (1 - fy)
                          + (p[y1 * width + x0] * (1 - fx) + p[y1 * width + x1] * fx) * fy;
                    destination[(c * ClipSize + y) * ClipSize + x] = (v - Mean[c]) / Std[c];
                }
            }
        }
    }

    public void Dispose() => _part.Dispose();
}
