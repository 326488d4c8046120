using DiffusionBot.Diffusion.Models;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Tests.Models;

public sealed class TensorValuesTests
{
    // diffusers' ONNX pipeline writes np.array([t], dtype=int64): numpy truncates Euler's fractional timesteps toward zero.
    [Theory]
    [InlineData(TensorElementType.Int64, 979.98f, 979)]
    [InlineData(TensorElementType.Int64, 0.6f, 0)]
    [InlineData(TensorElementType.Int32, 999f, 999)]
    [InlineData(TensorElementType.Int32, 20.5f, 20)]
    public void Fill_TruncatesTowardZero_WhenTheTensorHoldsIntegers(TensorElementType type, float timestep, long expected)
    {
        using var value = TensorValues.Allocate(type, [1]);

        TensorValues.Fill(value, type, timestep);

        var written = type == TensorElementType.Int64 ? value.GetTensorDataAsSpan<long>()[0] : value.GetTensorDataAsSpan<int>()[0];
        Assert.Equal(expected, written);
    }
}
