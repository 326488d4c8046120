using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Tests.Forge;

/// <summary>Runs a forged model on the CPU with inputs built in each input's declared element type.</summary>
internal sealed class ModelRun : IDisposable
{
    private readonly List<OrtValue> _inputs = [];
    private readonly List<string> _names = [];

    public ModelRun(string modelPath) => Session = new InferenceSession(modelPath);

    /// <summary>Runs (and disposes) a session opened elsewhere, such as one with initializer overrides.</summary>
    public ModelRun(InferenceSession session) => Session = session;

    public InferenceSession Session { get; }

    public ModelRun With(string name, long[] shape, Func<int, float> value)
    {
        var type = Session.InputMetadata[name].ElementDataType;
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        var values = Enumerable.Range(0, count).Select(value).ToArray();
        _inputs.Add(type switch
        {
            TensorElementType.Float => OrtValue.CreateTensorValueFromMemory(values, shape),
            TensorElementType.Float16 => OrtValue.CreateTensorValueFromMemory(values.Select(v => (Float16)v).ToArray(), shape),
            TensorElementType.Int32 => OrtValue.CreateTensorValueFromMemory(values.Select(v => (int)v).ToArray(), shape),
            TensorElementType.Int64 => OrtValue.CreateTensorValueFromMemory(values.Select(v => (long)v).ToArray(), shape),
            _ => throw new NotSupportedException($"{name}: {type}"),
        });
        _names.Add(name);
        return this;
    }

    public ModelRun With(string name, long[] shape, float[] values) => With(name, shape, i => values[i]);

    public IReadOnlyDictionary<string, Output> Run()
    {
        var outputNames = Session.OutputNames;
        using var results = Session.Run(new RunOptions(), _names, _inputs, outputNames);
        var outputs = new Dictionary<string, Output>();
        for (var i = 0; i < outputNames.Count; i++)
        {
            var info = results[i].GetTensorTypeAndShape();
            var values = info.ElementDataType switch
            {
                TensorElementType.Float => results[i].GetTensorDataAsSpan<float>().ToArray(),
                TensorElementType.Float16 => [.. results[i].GetTensorDataAsSpan<Float16>().ToArray().Select(v => (float)v)],
                TensorElementType.Bool => [.. results[i].GetTensorDataAsSpan<bool>().ToArray().Select(v => v ? 1f : 0f)],
                _ => throw new NotSupportedException($"{outputNames[i]}: {info.ElementDataType}"),
            };
            outputs[outputNames[i]] = new Output(info.ElementDataType, info.Shape, values);
        }

        return outputs;
    }

    public void Dispose()
    {
        foreach (var input in _inputs)
        {
            input.Dispose();
        }

        Session.Dispose();
    }

    internal sealed record Output(TensorElementType Type, long[] Shape, float[] Values);
}
