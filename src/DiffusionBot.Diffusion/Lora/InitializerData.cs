using System.Buffers.Binary;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace DiffusionBot.Diffusion.Lora;

/// <summary>Reads a float32 or float16 initializer's values, inline or from its external-data file.</summary>
internal static class InitializerData
{
    public static float[] Read(TensorProto tensor, string modelPath)
    {
        var count = tensor.Dims.Aggregate(1L, (a, b) => a * b);
        var type = (DataType)tensor.DataType;
        if (type is not (DataType.Float or DataType.Float16))
        {
            throw new LoraException($"{Path.GetFileName(modelPath)}: weight '{tensor.Name}' is {type}; LoRA merges into float32 and float16 weights only.");
        }

        if (type == DataType.Float && tensor.FloatData.Count == count)
        {
            return [.. tensor.FloatData];
        }

        var raw = tensor.DataLocation == TensorProto.Types.DataLocation.External ? ReadExternal(tensor, modelPath) : tensor.RawData.ToByteArray();
        var size = type == DataType.Float ? 4 : 2;
        if (raw.Length != count * size)
        {
            throw new LoraException($"{Path.GetFileName(modelPath)}: weight '{tensor.Name}' holds {raw.Length} bytes, not the {count * size} its shape needs.");
        }

        var values = new float[count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = type == DataType.Float
                ? BinaryPrimitives.ReadSingleLittleEndian(raw.AsSpan(i * 4))
                : (float)BinaryPrimitives.ReadHalfLittleEndian(raw.AsSpan(i * 2));
        }

        return values;
    }

    private static byte[] ReadExternal(TensorProto tensor, string modelPath)
    {
        var entries = tensor.ExternalData.ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var location = entries.GetValueOrDefault("location") ?? throw new LoraException($"weight '{tensor.Name}' is external but names no location.");
        var folder = Path.GetDirectoryName(Path.GetFullPath(modelPath))!;
        var path = Path.GetFullPath(Path.Combine(folder, location));
        if (!path.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new LoraException($"weight '{tensor.Name}' points outside its model folder.");
        }

        var offset = long.Parse(entries.GetValueOrDefault("offset") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        var length = long.Parse(entries.GetValueOrDefault("length") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
        using var file = File.OpenRead(path);
        var bytes = new byte[length];
        file.Position = offset;
        file.ReadExactly(bytes);
        return bytes;
    }
}
