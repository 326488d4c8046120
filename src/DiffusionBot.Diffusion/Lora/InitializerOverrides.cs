using Microsoft.ML.OnnxRuntime;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>
/// Merged weights handed to ONNX Runtime in place of the model file's initializers
/// (<see cref="SessionOptions.AddInitializer"/>). ONNX Runtime reads them from these buffers, so they
/// must outlive the session: the session that uses them owns and disposes them.
/// </summary>
public sealed class InitializerOverrides : IDisposable
{
    private readonly List<(string Name, OrtValue Value)> _values = [];

    public IReadOnlyList<string> Names => [.. _values.Select(v => v.Name)];

    public int Count => _values.Count;

    public void AddFloat(string name, float[] values, long[] shape) =>
        _values.Add((name, OrtValue.CreateTensorValueFromMemory(values, shape)));

    public void AddHalf(string name, float[] values, long[] shape)
    {
        var half = new Float16[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            half[i] = new Float16(BitConverter.HalfToUInt16Bits((Half)values[i]));
        }

        _values.Add((name, OrtValue.CreateTensorValueFromMemory(half, shape)));
    }

    /// <summary>Takes over <paramref name="other"/>'s values, which this instance then owns and frees.</summary>
    public void Absorb(InitializerOverrides other)
    {
        ArgumentNullException.ThrowIfNull(other);
        _values.AddRange(other._values);
        other._values.Clear();
    }

    public void AddTo(SessionOptions options)
    {
        foreach (var (name, value) in _values)
        {
            options.AddInitializer(name, value);
        }
    }

    public void Dispose()
    {
        foreach (var (_, value) in _values)
        {
            value.Dispose();
        }

        _values.Clear();
    }
}
