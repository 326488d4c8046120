using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace DiffusionBot.Diffusion.Models;

/// <summary>
/// Moves numbers between the pipeline's float/int spans and tensors of whatever element type a
/// session declares (float, float16, int32, int64), so no caller hard-codes a dtype.
/// </summary>
internal static class TensorValues
{
    public static OrtValue Allocate(TensorElementType type, long[] shape) =>
        OrtValue.CreateAllocatedTensorValue(OrtAllocator.DefaultInstance, type, shape);

    public static void WriteFloats(OrtValue value, ReadOnlySpan<float> source)
    {
        switch (value.GetTensorTypeAndShape().ElementDataType)
        {
            case TensorElementType.Float:
                source.CopyTo(value.GetTensorMutableDataAsSpan<float>());
                break;
            case TensorElementType.Float16:
                var half = value.GetTensorMutableDataAsSpan<Float16>();
                for (var i = 0; i < source.Length; i++)
                {
                    half[i] = (Float16)source[i];
                }

                break;
            default:
                throw new NotSupportedException($"float data cannot go into a {value.GetTensorTypeAndShape().ElementDataType} tensor");
        }
    }

    /// <summary>Writes <paramref name="source"/> × <paramref name="scale"/>, <paramref name="repeat"/> times in a row.</summary>
    public static void WriteScaled(OrtValue value, TensorElementType type, ReadOnlySpan<float> source, float scale, int repeat)
    {
        for (var r = 0; r < repeat; r++)
        {
            var offset = r * source.Length;
            if (type == TensorElementType.Float)
            {
                var dst = value.GetTensorMutableDataAsSpan<float>().Slice(offset, source.Length);
                for (var i = 0; i < source.Length; i++)
                {
                    dst[i] = source[i] * scale;
                }
            }
            else
            {
                var dst = value.GetTensorMutableDataAsSpan<Float16>().Slice(offset, source.Length);
                for (var i = 0; i < source.Length; i++)
                {
                    dst[i] = (Float16)(source[i] * scale);
                }
            }
        }
    }

    public static void ReadFloats(OrtValue value, Span<float> destination)
    {
        switch (value.GetTensorTypeAndShape().ElementDataType)
        {
            case TensorElementType.Float:
                value.GetTensorDataAsSpan<float>()[..destination.Length].CopyTo(destination);
                break;
            case TensorElementType.Float16:
                var half = value.GetTensorDataAsSpan<Float16>();
                for (var i = 0; i < destination.Length; i++)
                {
                    destination[i] = (float)half[i];
                }

                break;
            default:
                throw new NotSupportedException($"a {value.GetTensorTypeAndShape().ElementDataType} tensor holds no float data");
        }
    }

    /// <summary>Reads <paramref name="destination"/>.Length numbers starting at element <paramref name="offset"/>.</summary>
    public static void ReadFloats(OrtValue value, TensorElementType type, int offset, Span<float> destination)
    {
        if (type == TensorElementType.Float)
        {
            value.GetTensorDataAsSpan<float>().Slice(offset, destination.Length).CopyTo(destination);
            return;
        }

        var half = value.GetTensorDataAsSpan<Float16>().Slice(offset, destination.Length);
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (float)half[i];
        }
    }

    public static float[] ReadFloats(OrtValue value)
    {
        var result = new float[value.GetTensorTypeAndShape().ElementCount];
        ReadFloats(value, result);
        return result;
    }

    /// <summary>
    /// Fills the whole tensor with one number, truncated toward zero for integer tensors as numpy's
    /// <c>np.array([t], dtype=int64)</c> in diffusers' ONNX pipeline does (Euler's 979.98 becomes 979).
    /// </summary>
    public static void Fill(OrtValue value, TensorElementType type, float number)
    {
        switch (type)
        {
            case TensorElementType.Float:
                value.GetTensorMutableDataAsSpan<float>().Fill(number);
                break;
            case TensorElementType.Float16:
                value.GetTensorMutableDataAsSpan<Float16>().Fill((Float16)number);
                break;
            case TensorElementType.Int64:
                value.GetTensorMutableDataAsSpan<long>().Fill((long)number);
                break;
            case TensorElementType.Int32:
                value.GetTensorMutableDataAsSpan<int>().Fill((int)number);
                break;
            default:
                throw new NotSupportedException($"a number cannot go into a {type} tensor");
        }
    }

    public static OrtValue Ids(TensorSpec spec, ReadOnlySpan<int> ids)
    {
        long[] shape = [1, ids.Length];
        var value = Allocate(spec.ElementType, shape);
        switch (spec.ElementType)
        {
            case TensorElementType.Int32:
                ids.CopyTo(value.GetTensorMutableDataAsSpan<int>());
                break;
            case TensorElementType.Int64:
                var wide = value.GetTensorMutableDataAsSpan<long>();
                for (var i = 0; i < ids.Length; i++)
                {
                    wide[i] = ids[i];
                }

                break;
            default:
                value.Dispose();
                throw new NotSupportedException($"token ids cannot go into a {spec.ElementType} tensor");
        }

        return value;
    }

    public static OrtValue FromFloats(TensorSpec spec, ReadOnlySpan<float> data, long[] shape)
    {
        var value = Allocate(spec.ElementType, shape);
        WriteFloats(value, data);
        return value;
    }

    public static void RequireFloat(TensorSpec spec, string path)
    {
        if (!spec.IsFloatingPoint)
        {
            throw new ModelFolderException(path, $"declares {spec}, but a float32 or float16 tensor is expected.");
        }
    }
}
