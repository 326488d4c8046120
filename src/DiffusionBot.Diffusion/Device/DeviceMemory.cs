using DiffusionBot.Diffusion.Models;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Device;

/// <summary>
/// Tensors on the execution provider's own allocator (CUDA device memory, or host memory on the CPU provider), and
/// the only door between them and the host: every write and read goes through here and is counted.
/// </summary>
internal sealed class DeviceMemory : IDisposable
{
    private readonly ISessionFactory _sessions;
    private readonly OrtMemoryInfo? _deviceInfo;
    private readonly OrtAllocator? _deviceAllocator;
    private readonly Dictionary<TensorElementType, InferenceSession> _copiers = [];
    private readonly RunOptions _copyOptions = new();

    public DeviceMemory(InferenceSession session, ISessionFactory sessions)
    {
        _sessions = sessions;
        if (sessions.ProviderName == "CUDA")
        {
            _deviceInfo = new OrtMemoryInfo(OrtMemoryInfo.allocatorCUDA, OrtAllocatorType.DeviceAllocator, sessions.DeviceId, OrtMemType.Default);
            _deviceAllocator = new OrtAllocator(session, _deviceInfo);
        }
    }

    /// <summary>Whether device memory is host memory (the CPU provider): reads and writes are plain span copies.</summary>
    public bool IsHost => _deviceAllocator is null;

    public TransferCounter Counter { get; } = new();

    public ISessionFactory Sessions => _sessions;

    public OrtValue Allocate(TensorElementType type, long[] shape) => _deviceAllocator is null
        ? TensorValues.Allocate(type, shape)
        : OrtValue.CreateAllocatedTensorValue(_deviceAllocator, type, shape);

    /// <summary>Writes <paramref name="source"/> × <paramref name="scale"/>, <paramref name="repeat"/> times in a row, converted to the tensor's type.</summary>
    public void Write(OrtValue target, ReadOnlySpan<float> source, float scale = 1f, int repeat = 1)
    {
        var type = target.GetTensorTypeAndShape().ElementDataType;
        if (IsHost)
        {
            TensorValues.WriteScaled(target, type, source, scale, repeat);
        }
        else
        {
            using var staging = TensorValues.Allocate(type, target.GetTensorTypeAndShape().Shape);
            TensorValues.WriteScaled(staging, type, source, scale, repeat);
            Copy(staging, target);
        }

        Counter.Record(ByteSize(target));
    }

    /// <summary>Fills the whole tensor with one number (a timestep), rounded for integer tensors.</summary>
    public void Fill(OrtValue target, float number)
    {
        var type = target.GetTensorTypeAndShape().ElementDataType;
        if (IsHost)
        {
            TensorValues.Fill(target, type, number);
        }
        else
        {
            using var staging = TensorValues.Allocate(type, target.GetTensorTypeAndShape().Shape);
            TensorValues.Fill(staging, type, number);
            Copy(staging, target);
        }

        Counter.Record(ByteSize(target));
    }

    /// <summary>
    /// Fills row <c>r</c> of <paramref name="target"/> (split along its first axis) with <c>rows[r]</c>, converted as
    /// <see cref="Fill"/> does: one copy for a whole per-step table.
    /// </summary>
    public void WriteRows(OrtValue target, ReadOnlySpan<float> rows)
    {
        var info = target.GetTensorTypeAndShape();
        if (IsHost)
        {
            FillRows(target, info.ElementDataType, rows);
        }
        else
        {
            using var staging = TensorValues.Allocate(info.ElementDataType, info.Shape);
            FillRows(staging, info.ElementDataType, rows);
            Copy(staging, target);
        }

        Counter.Record(ByteSize(target));
    }

    /// <summary>Reads <paramref name="destination"/>.Length numbers from element <paramref name="offset"/> on.</summary>
    public void Read(OrtValue source, int offset, Span<float> destination)
    {
        var info = source.GetTensorTypeAndShape();
        if (IsHost)
        {
            TensorValues.ReadFloats(source, info.ElementDataType, offset, destination);
        }
        else
        {
            using var staging = TensorValues.Allocate(info.ElementDataType, info.Shape);
            Copy(source, staging);
            TensorValues.ReadFloats(staging, info.ElementDataType, offset, destination);
        }

        Counter.Record((long)destination.Length * ElementSize(info.ElementDataType));
    }

    private void Copy(OrtValue from, OrtValue to)
    {
        var type = from.GetTensorTypeAndShape().ElementDataType;
        if (!_copiers.TryGetValue(type, out var copier))
        {
            copier = _sessions.Open(CopyGraph.Build(type));
            _copiers[type] = copier;
        }

        using var binding = copier.CreateIoBinding();
        binding.BindInput(CopyGraph.InputName, from);
        binding.BindOutput(CopyGraph.OutputName, to);
        copier.RunWithBinding(_copyOptions, binding);
        binding.SynchronizeBoundOutputs();
    }

    /// <summary>Each row holds one number converted exactly as <see cref="TensorValues.Fill"/> converts it.</summary>
    private static void FillRows(OrtValue value, TensorElementType type, ReadOnlySpan<float> rows)
    {
        var shape = value.GetTensorTypeAndShape().Shape;
        using var row = TensorValues.Allocate(type, shape[1..]);
        var table = value.GetTensorMutableRawData();
        for (var r = 0; r < rows.Length; r++)
        {
            TensorValues.Fill(row, type, rows[r]);
            var bytes = row.GetTensorMutableRawData();
            bytes.CopyTo(table.Slice(r * bytes.Length, bytes.Length));
        }
    }

    private static long ByteSize(OrtValue value)
    {
        var info = value.GetTensorTypeAndShape();
        return info.ElementCount * ElementSize(info.ElementDataType);
    }

    private static int ElementSize(TensorElementType type) => type switch
    {
        TensorElementType.Float16 => 2,
        TensorElementType.Int64 => 8,
        _ => 4,
    };

    public void Dispose()
    {
        foreach (var copier in _copiers.Values)
        {
            copier.Dispose();
        }

        _copiers.Clear();
        _copyOptions.Dispose();
        _deviceAllocator?.Dispose();
        _deviceInfo?.Dispose();
    }
}
