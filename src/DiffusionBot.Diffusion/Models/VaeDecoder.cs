using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Models;

/// <summary>Latents (already divided by the scaling factor) → images in about [-1, 1], NCHW.</summary>
public sealed class VaeDecoder : IDisposable
{
    private readonly OnnxModelPart _part;
    private readonly TensorSpec _input;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly TensorSpec _output;

    public VaeDecoder(OnnxModelPart part)
    {
        _part = part;
        _input = part.Input("latent_sample");
        TensorValues.RequireFloat(_input, part.Path);
        _output = part.FirstOutput("sample");
        TensorValues.RequireFloat(_output, part.Path);
        _inputNames = [_input.Name];
        _outputNames = [_output.Name];
    }

    /// <summary>True when the decoder computes in fp16, where SD's VAE is known to overflow.</summary>
    public bool IsHalfPrecision =>
        _input.ElementType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16
        || _output.ElementType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Float16;

    public string Describe() => _part.Describe();

    /// <summary>Decodes a batch; returns [batch, 3, height, width] floats and the decoded height and width.</summary>
    public (float[] Pixels, int Height, int Width) Decode(ReadOnlySpan<float> latents, int batch, int channels, int height, int width, RunOptions runOptions)
    {
        using var input = TensorValues.FromFloats(_input, latents, [batch, channels, height, width]);
        using var outputs = _part.Session.Run(runOptions, _inputNames, [input], _outputNames);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        return (TensorValues.ReadFloats(outputs[0]), (int)shape[2], (int)shape[3]);
    }

    public void Dispose() => _part.Dispose();
}
